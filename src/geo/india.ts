import { getAllStatesWithDistricts } from 'india-state-district';

// Reference data for the 36 states/UTs and their districts, from the india-state-district package,
// with Hindi state names (the package has English only) and official renames it has not picked up yet.

const HINDI_STATE_NAMES: Record<string, string> = {
  AP: 'आंध्र प्रदेश', AR: 'अरुणाचल प्रदेश', AS: 'असम', BR: 'बिहार', CG: 'छत्तीसगढ़', GA: 'गोवा',
  GJ: 'गुजरात', HR: 'हरियाणा', HP: 'हिमाचल प्रदेश', JH: 'झारखंड', KA: 'कर्नाटक', KL: 'केरल',
  MP: 'मध्य प्रदेश', MH: 'महाराष्ट्र', MN: 'मणिपुर', ML: 'मेघालय', MZ: 'मिज़ोरम', NL: 'नागालैंड',
  OD: 'ओडिशा', PB: 'पंजाब', RJ: 'राजस्थान', SK: 'सिक्किम', TN: 'तमिलनाडु', TG: 'तेलंगाना',
  TR: 'त्रिपुरा', UP: 'उत्तर प्रदेश', UK: 'उत्तराखंड', WB: 'पश्चिम बंगाल',
  AN: 'अंडमान और निकोबार द्वीप समूह', CH: 'चंडीगढ़', DH: 'दादरा और नगर हवेली और दमन और दीव',
  JK: 'जम्मू और कश्मीर', LA: 'लद्दाख', LD: 'लक्षद्वीप', DL: 'दिल्ली', PY: 'पुडुचेरी',
};

// Districts renamed by state notification (Uttar Pradesh, 2018).
const DISTRICT_RENAMES: Record<string, Record<string, string>> = {
  UP: { Allahabad: 'Prayagraj', Faizabad: 'Ayodhya' },
};

export interface StateRecord {
  code: string;
  name: string;
  nameHi: string | null;
  districts: string[];
}

export function indianStatesAndDistricts(): StateRecord[] {
  return getAllStatesWithDistricts().map((s) => {
    const renames = DISTRICT_RENAMES[s.code] ?? {};
    const districts = [...new Set(s.districts.map((d) => renames[d] ?? d))].sort((a, b) => a.localeCompare(b, 'en'));
    return { code: s.code, name: s.name, nameHi: HINDI_STATE_NAMES[s.code] ?? null, districts };
  });
}
