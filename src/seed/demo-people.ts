import type { BloodGroup, Component, Sex, Urgency } from '../domain/blood';

// The people of the demo dataset (`npm run seed`). Every name gets the "Demo " prefix when the
// rows are built, and every phone number comes from the fake range in demo-data.ts, so a demo
// record can never be mistaken for a real donor or patient.

export interface DemoAccountSpec {
  username: string;
  name: string;
  role: 'volunteer' | 'admin';
  rank: string;
  badgeNumber: string;
  policeStation: string;
  /** Where the account works; absent for the admin, who sees everything. */
  jurisdiction?: { stateCode: string; districts: string[] };
}

export const DEMO_ACCOUNTS: readonly DemoAccountSpec[] = [
  { username: 'demo-admin', name: 'Anita Srivastava', role: 'admin', rank: 'Inspector', badgeNumber: 'DEMO-0001', policeStation: 'Police Mitra Cell, Prayagraj' },
  {
    username: 'demo-prayagraj', name: 'Rajendra Prasad', role: 'volunteer', rank: 'Head Constable', badgeNumber: 'DEMO-UP-1042',
    policeStation: 'Civil Lines, Prayagraj', jurisdiction: { stateCode: 'UP', districts: ['Prayagraj'] },
  },
  {
    username: 'demo-lucknow', name: 'Sushil Chauhan', role: 'volunteer', rank: 'Constable', badgeNumber: 'DEMO-UP-2077',
    policeStation: 'Hazratganj, Lucknow', jurisdiction: { stateCode: 'UP', districts: ['Lucknow', 'Barabanki'] },
  },
  {
    username: 'demo-maharashtra', name: 'Vandana Shinde', role: 'volunteer', rank: 'Constable', badgeNumber: 'DEMO-MH-3115',
    policeStation: 'Shivajinagar, Pune', jurisdiction: { stateCode: 'MH', districts: [] },
  },
];

export interface DemoDonorSpec {
  name: string;
  sex: Sex;
  age: number;
  weightKg: number;
  group: BloodGroup;
  bombay?: boolean;
  state: string;
  district: string;
  locality: string;
  pincode: string;
  /** Verified by the volunteer of the district (the admin outside every jurisdiction), or waiting in the queue. */
  verified: boolean;
  registeredDaysAgo: number;
  lastDonationDaysAgo?: number;
  /** Registered over the helpline or at a camp by the district's volunteer; otherwise on the web form. */
  channel?: 'helpline' | 'camp';
  lang: 'hi' | 'en';
}

// A blood-group mix close to India's (B+ and O+ most common, about one in twenty Rh-negative),
// one Bombay-phenotype donor, and a few donors outside every demo jurisdiction.
export const DEMO_DONORS: readonly DemoDonorSpec[] = [
  { name: 'Ramesh Yadav', sex: 'male', age: 34, weightKg: 72, group: 'B+', state: 'UP', district: 'Prayagraj', locality: 'Civil Lines', pincode: '211001', verified: true, registeredDaysAgo: 40, lastDonationDaysAgo: 120, lang: 'hi' },
  { name: 'Sunita Devi', sex: 'female', age: 29, weightKg: 54, group: 'O+', state: 'UP', district: 'Prayagraj', locality: 'George Town', pincode: '211002', verified: true, registeredDaysAgo: 30, lang: 'hi' },
  { name: 'Arvind Mishra', sex: 'male', age: 45, weightKg: 80, group: 'A+', state: 'UP', district: 'Prayagraj', locality: 'Jhunsi', pincode: '211019', verified: false, registeredDaysAgo: 2, lang: 'hi' },
  { name: 'Pooja Kesarwani', sex: 'female', age: 22, weightKg: 50, group: 'B+', state: 'UP', district: 'Prayagraj', locality: 'Naini', pincode: '211008', verified: false, registeredDaysAgo: 1, lang: 'hi' },
  { name: 'Mohd Imran', sex: 'male', age: 38, weightKg: 76, group: 'O-', state: 'UP', district: 'Prayagraj', locality: 'Kareli', pincode: '211016', verified: true, registeredDaysAgo: 60, lastDonationDaysAgo: 45, lang: 'hi' },
  { name: 'Kavita Srivastava', sex: 'female', age: 41, weightKg: 62, group: 'AB+', state: 'UP', district: 'Prayagraj', locality: 'Tagore Town', pincode: '211002', verified: true, registeredDaysAgo: 25, lang: 'en' },
  { name: 'Vikas Patel', sex: 'male', age: 19, weightKg: 58, group: 'B-', state: 'UP', district: 'Prayagraj', locality: 'Phaphamau', pincode: '211013', verified: false, registeredDaysAgo: 3, lang: 'hi' },
  { name: 'Neha Tiwari', sex: 'female', age: 26, weightKg: 49, group: 'A+', state: 'UP', district: 'Prayagraj', locality: 'Allahpur', pincode: '211006', verified: true, registeredDaysAgo: 15, lastDonationDaysAgo: 200, lang: 'hi' },
  { name: 'Suresh Pal', sex: 'male', age: 50, weightKg: 82, group: 'O+', state: 'UP', district: 'Lucknow', locality: 'Aliganj', pincode: '226024', verified: true, registeredDaysAgo: 50, lastDonationDaysAgo: 100, lang: 'hi' },
  { name: 'Anjali Verma', sex: 'female', age: 31, weightKg: 57, group: 'B+', state: 'UP', district: 'Lucknow', locality: 'Gomti Nagar', pincode: '226010', verified: true, registeredDaysAgo: 20, lang: 'en' },
  { name: 'Faizan Ahmad', sex: 'male', age: 27, weightKg: 70, group: 'A-', state: 'UP', district: 'Lucknow', locality: 'Aminabad', pincode: '226018', verified: false, registeredDaysAgo: 1, lang: 'hi' },
  { name: 'Rekha Singh', sex: 'female', age: 47, weightKg: 66, group: 'O+', state: 'UP', district: 'Lucknow', locality: 'Indira Nagar', pincode: '226016', verified: false, registeredDaysAgo: 4, channel: 'helpline', lang: 'hi' },
  { name: 'Deepak Awasthi', sex: 'male', age: 36, weightKg: 90, group: 'AB-', state: 'UP', district: 'Lucknow', locality: 'Hazratganj', pincode: '226001', verified: true, registeredDaysAgo: 35, lang: 'en' },
  { name: 'Shalini Gupta', sex: 'female', age: 24, weightKg: 52, group: 'B+', state: 'UP', district: 'Lucknow', locality: 'Alambagh', pincode: '226005', verified: true, registeredDaysAgo: 12, lang: 'hi' },
  { name: 'Ram Prakash Verma', sex: 'male', age: 55, weightKg: 68, group: 'O+', bombay: true, state: 'UP', district: 'Barabanki', locality: 'Nawabganj', pincode: '225001', verified: true, registeredDaysAgo: 45, lang: 'hi' },
  { name: 'Geeta Rawat', sex: 'female', age: 33, weightKg: 55, group: 'A+', state: 'UP', district: 'Barabanki', locality: 'Dewa', pincode: '225301', verified: false, registeredDaysAgo: 2, channel: 'helpline', lang: 'hi' },
  { name: 'Sanjay Maurya', sex: 'male', age: 23, weightKg: 61, group: 'B+', state: 'UP', district: 'Barabanki', locality: 'Ramnagar', pincode: '225203', verified: true, registeredDaysAgo: 10, lang: 'hi' },
  { name: 'Sachin Jadhav', sex: 'male', age: 39, weightKg: 78, group: 'O+', state: 'MH', district: 'Pune', locality: 'Kothrud', pincode: '411038', verified: true, registeredDaysAgo: 33, lastDonationDaysAgo: 95, lang: 'en' },
  { name: 'Priya Kulkarni', sex: 'female', age: 28, weightKg: 53, group: 'A+', state: 'MH', district: 'Pune', locality: 'Shivajinagar', pincode: '411005', verified: false, registeredDaysAgo: 1, lang: 'en' },
  { name: 'Amol Deshmukh', sex: 'male', age: 44, weightKg: 84, group: 'B+', state: 'MH', district: 'Pune', locality: 'Hadapsar', pincode: '411028', verified: true, registeredDaysAgo: 18, lang: 'en' },
  { name: 'Farida Shaikh', sex: 'female', age: 35, weightKg: 60, group: 'O+', state: 'MH', district: 'Mumbai City', locality: 'Byculla', pincode: '400027', verified: true, registeredDaysAgo: 22, channel: 'camp', lang: 'hi' },
  { name: 'Rahul Pawar', sex: 'male', age: 21, weightKg: 65, group: 'AB+', state: 'MH', district: 'Mumbai City', locality: 'Parel', pincode: '400012', verified: false, registeredDaysAgo: 3, lang: 'en' },
  { name: 'Meera Iyer', sex: 'female', age: 52, weightKg: 59, group: 'B+', state: 'MH', district: 'Mumbai suburban', locality: 'Andheri East', pincode: '400069', verified: true, registeredDaysAgo: 55, lastDonationDaysAgo: 130, lang: 'en' },
  { name: 'Kiran Wankhede', sex: 'other', age: 30, weightKg: 73, group: 'A+', state: 'MH', district: 'Nagpur', locality: 'Dharampeth', pincode: '440010', verified: false, registeredDaysAgo: 5, lang: 'en' },
  { name: 'Snehal Patil', sex: 'female', age: 26, weightKg: 48, group: 'A+', state: 'MH', district: 'Nashik', locality: 'College Road', pincode: '422005', verified: true, registeredDaysAgo: 14, lang: 'hi' },
  { name: 'Alok Pandey', sex: 'male', age: 42, weightKg: 77, group: 'B+', state: 'UP', district: 'Varanasi', locality: 'Lanka', pincode: '221005', verified: true, registeredDaysAgo: 28, lang: 'hi' },
  { name: 'Shabnam Bano', sex: 'female', age: 37, weightKg: 56, group: 'O+', state: 'UP', district: 'Varanasi', locality: 'Sigra', pincode: '221010', verified: false, registeredDaysAgo: 2, lang: 'hi' },
  { name: 'Manoj Kumar Sinha', sex: 'male', age: 48, weightKg: 81, group: 'AB+', state: 'BR', district: 'Patna', locality: 'Boring Road', pincode: '800001', verified: true, registeredDaysAgo: 40, lang: 'hi' },
  { name: 'Ritu Kumari', sex: 'female', age: 20, weightKg: 51, group: 'B+', state: 'BR', district: 'Patna', locality: 'Kankarbagh', pincode: '800020', verified: false, registeredDaysAgo: 1, lang: 'hi' },
  { name: 'Harpreet Kaur', sex: 'female', age: 60, weightKg: 64, group: 'O+', state: 'DL', district: 'New Delhi', locality: 'Connaught Place', pincode: '110001', verified: true, registeredDaysAgo: 70, lastDonationDaysAgo: 400, lang: 'en' },
];

export interface DemoRequestSpec {
  patient: string;
  age: number;
  group: BloodGroup;
  bombay?: boolean;
  component: Component;
  units: number;
  urgency: Urgency;
  hospital: string;
  city: string;
  state: string;
  district: string;
  pincode: string;
  contact: string;
  relation: string;
  notes?: string;
  /** Verified and open for matching, or still waiting for a volunteer's call. */
  open: boolean;
  postedHoursAgo: number;
  lang: 'hi' | 'en';
}

export const DEMO_REQUESTS: readonly DemoRequestSpec[] = [
  {
    patient: 'Kamla Devi', age: 62, group: 'O-', component: 'red_cells', units: 2, urgency: 'emergency', hospital: 'Swaroop Rani Nehru Hospital',
    city: 'Prayagraj', state: 'UP', district: 'Prayagraj', pincode: '211001', contact: 'Rajesh Kumar', relation: 'Son',
    notes: 'Surgery this evening', open: false, postedHoursAgo: 1, lang: 'hi',
  },
  {
    patient: 'Aarav Mishra', age: 8, group: 'B+', component: 'platelets', units: 4, urgency: 'urgent', hospital: 'Kamla Nehru Memorial Hospital',
    city: 'Prayagraj', state: 'UP', district: 'Prayagraj', pincode: '211002', contact: 'Nisha Mishra', relation: 'Mother', open: true, postedHoursAgo: 20, lang: 'hi',
  },
  {
    patient: 'Shahid Khan', age: 45, group: 'A+', component: 'whole_blood', units: 1, urgency: 'planned', hospital: "King George's Medical University",
    city: 'Lucknow', state: 'UP', district: 'Lucknow', pincode: '226003', contact: 'Farah Khan', relation: 'Wife', open: true, postedHoursAgo: 50, lang: 'en',
  },
  {
    patient: 'Usha Tripathi', age: 58, group: 'AB+', component: 'plasma', units: 3, urgency: 'urgent', hospital: 'Sanjay Gandhi Postgraduate Institute',
    city: 'Lucknow', state: 'UP', district: 'Lucknow', pincode: '226014', contact: 'Alok Tripathi', relation: 'Son', open: false, postedHoursAgo: 3, lang: 'hi',
  },
  {
    patient: 'Ramkali', age: 30, group: 'O+', bombay: true, component: 'red_cells', units: 2, urgency: 'emergency', hospital: 'District Hospital Barabanki',
    city: 'Barabanki', state: 'UP', district: 'Barabanki', pincode: '225001', contact: 'Shyam Lal', relation: 'Husband',
    notes: 'Bombay blood group confirmed by the hospital', open: true, postedHoursAgo: 6, lang: 'hi',
  },
  {
    patient: 'Vaishali More', age: 27, group: 'B-', component: 'red_cells', units: 2, urgency: 'planned', hospital: 'Sassoon General Hospital',
    city: 'Pune', state: 'MH', district: 'Pune', pincode: '411001', contact: 'Ganesh More', relation: 'Husband', open: true, postedHoursAgo: 72, lang: 'en',
  },
  {
    patient: 'Yusuf Ansari', age: 52, group: 'O+', component: 'whole_blood', units: 3, urgency: 'urgent', hospital: 'KEM Hospital, Parel',
    city: 'Mumbai', state: 'MH', district: 'Mumbai City', pincode: '400012', contact: 'Sameer Ansari', relation: 'Son', open: false, postedHoursAgo: 5, lang: 'en',
  },
  {
    patient: 'Lata Bhonsle', age: 67, group: 'A-', component: 'platelets', units: 6, urgency: 'emergency', hospital: 'Government Medical College Nagpur',
    city: 'Nagpur', state: 'MH', district: 'Nagpur', pincode: '440003', contact: 'Vijay Bhonsle', relation: 'Son', open: true, postedHoursAgo: 10, lang: 'hi',
  },
  {
    patient: 'Gopal Chaurasia', age: 40, group: 'B+', component: 'red_cells', units: 2, urgency: 'planned', hospital: 'Sir Sunderlal Hospital, BHU',
    city: 'Varanasi', state: 'UP', district: 'Varanasi', pincode: '221005', contact: 'Radha Chaurasia', relation: 'Wife', open: false, postedHoursAgo: 26, lang: 'hi',
  },
  {
    patient: 'Baby of Sarita Kumari', age: 0, group: 'O+', component: 'red_cells', units: 1, urgency: 'urgent', hospital: 'Patna Medical College Hospital',
    city: 'Patna', state: 'BR', district: 'Patna', pincode: '800004', contact: 'Sarita Kumari', relation: 'Mother', open: true, postedHoursAgo: 30, lang: 'hi',
  },
];
