/**
 * The simulator's vocabulary: words, names, places, news outlets, common phrases and hashtag stems.
 * Everything is synthetic (no real people or outlets; domains end in reserved-looking names) and small
 * enough to keep in the source; texts are assembled from it with the seeded generator.
 */
import type { Rng } from './rng.js';

const WORDS = `the people city today new time year day world life work week news people think know
really great good best love right still back going make want need government election vote policy
water energy school health price market jobs family friends game team music movie weather rain sun
traffic road train bus police court law report data study science climate farm food coffee tea
morning night weekend tonight tomorrow yesterday season match goal win lose fans club council plan
budget tax rent house home street park river bridge market shop store bank money pay workers union
strike hospital doctor nurse teacher students kids parents church community local national global
border security army peace war talks deal trade oil gas power grid storm flood fire smoke air quality
phone app update video photo story thread post read watch listen share follow support help thanks
amazing terrible funny sad happy angry tired busy excited worried honest simple hard easy big small
long short early late first last every never always maybe probably definitely actually literally
minister mayor president senator party campaign rally debate poll survey leaders voters media press`
  .split(/\s+/)
  .filter((w) => w.length > 0);

const FIRST =
  `Anna Ben Carla David Elena Farid Grace Hugo Ines Jonas Kira Liam Maya Noah Olga Pavel Quinn Rosa
Sami Tara Umar Vera Will Xena Yusuf Zoe Amir Bea Chen Dana Emil Femi Gita Hana Ivan Jade Kofi Lena Marco
Nina Omar Priya Rui Sofia Tomas Uma Vik Wen Yara Zane Aisha Bruno Cleo Diego Esra Finn`
    .split(/\s+/)
    .filter((w) => w.length > 0);

const LAST = `Smith Garcia Novak Kim Okafor Rossi Silva Muller Haddad Jensen Costa Moreau Ivanova Tanaka Patel
Nguyen Kowalski Santos Berg Dubois Ali Fischer Lopez Popescu Horvat Walsh Murphy Sato Khan Meyer`
  .split(/\s+/)
  .filter((w) => w.length > 0);

const PLACES = `Springfield|Riverton|Lakeside|Northport|Eastbrook|Westfield|Hillcrest|Bayview|Fairhaven|
Oakridge|Maple Grove|Stonebridge|Clearwater|Pinecrest|Harborview|Millbrook`
  .split('|')
  .map((s) => s.trim());

const BIO = [
  'Coffee lover. Dog person.',
  'Dad, runner, occasional writer.',
  'Opinions are my own.',
  'Teacher | reader | gardener',
  'News junkie.',
  'Just here for the memes.',
  'Nurse. Mum of two.',
  'Football, politics and bad puns.',
  'Photographer.',
  'Engineer by day.',
  '',
  '',
  '',
];

const PERSONA_BIO = [
  'Patriot. Family. Faith. Truth.',
  'Proud citizen. Speaking the truth they hide.',
  'Wake up! Follow for real news.',
  'Independent thinker. No fake news.',
  'Mother, wife, patriot.',
  'Retired, love my country.',
];

/** Exact phrases many unrelated people post (greetings, reactions): organic co-post collisions. */
export const COMMON_PHRASES = [
  'Good morning everyone!',
  'Good morning',
  'Happy Friday!',
  'Happy Monday everyone',
  'Thank you!',
  'So true',
  'This.',
  'Wow',
  'lol',
  'I agree',
  'Same here',
  'Well said',
  'Good night all',
  'Finally the weekend!',
  'What a game!',
  'Congratulations!',
  'Stay safe everyone',
  'Rest in peace',
  'Can not believe this',
  'Love this',
  'Happy birthday!',
  'Exactly',
  'Thoughts?',
  'Big if true',
];

const TAG_STEMS = `news politics election vote climate football music health tech ai economy jobs housing
weather travel food books film science space education rights justice peace energy art sports tv
gaming crypto markets budget transport cityhall local breaking`
  .split(/\s+/)
  .filter((w) => w.length > 0);

export const NEWS_OUTLETS = [
  'dailyherald-news',
  'metro-chronicle',
  'the-ledger-online',
  'coastal-times',
  'capital-observer',
  'northern-post',
  'valley-gazette',
  'evening-standard-news',
  'city-wire',
  'the-tribune-today',
  'global-dispatch',
  'river-courier',
];

const NEWS_TLDS = ['com', 'co.uk', 'net', 'org', 'com.au'];

export function outletDomain(rng: Rng): string {
  return `${rng.pick(NEWS_OUTLETS)}.${rng.pick(NEWS_TLDS)}`;
}

/** Domains a link farm pushes: low-reputation, look-alike news sites. */
export function farmDomain(rng: Rng): string {
  const a = rng.pick(['real', 'true', 'free', 'patriot', 'daily', 'breaking', 'truth', 'voice']);
  const b = rng.pick(['news', 'report', 'insider', 'wire', 'times', 'post', 'today', 'alert']);
  return `${a}${b}${rng.int(90) + 10}.${rng.pick(['com', 'net', 'info', 'online', 'news'])}`;
}

export function words(rng: Rng, n: number): string {
  let s = rng.pick(WORDS);
  for (let i = 1; i < n; i++) s += ' ' + rng.pick(WORDS);
  return s;
}

export function sentence(rng: Rng, min = 5, max = 16): string {
  const s = words(rng, rng.range(min, max));
  return s.charAt(0).toUpperCase() + s.slice(1) + rng.pick(['.', '.', '!', '?', '', ' 🙂', '!!']);
}

export function headline(rng: Rng): string {
  const s = words(rng, rng.range(6, 11));
  return s.replace(/\b\w/g, (c) => c.toUpperCase());
}

export function hashtagPool(rng: Rng, n: number): string[] {
  const out = new Set<string>();
  while (out.size < n) {
    const stem = rng.pick(TAG_STEMS);
    out.add(
      rng.chance(0.5) ? stem + rng.pick(WORDS) : rng.pick(WORDS) + stem + (rng.chance(0.3) ? '2024' : ''),
    );
  }
  return [...out];
}

export function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60);
}

export function personName(rng: Rng): { first: string; last: string } {
  return { first: rng.pick(FIRST), last: rng.pick(LAST) };
}

/** An organic handle: varied, human-chosen shapes. */
export function organicHandle(rng: Rng, first: string, last: string): string {
  const r = rng.next();
  if (r < 0.12) return `${first}${String(rng.int(1e8)).padStart(8, '0')}`; // the platform's default suggestion
  if (r < 0.35) return `${first.toLowerCase()}_${last.toLowerCase()}${rng.chance(0.5) ? rng.int(100) : ''}`;
  if (r < 0.55) return `${first.charAt(0).toLowerCase()}${last.toLowerCase()}${rng.int(1000)}`;
  if (r < 0.75) return `${rng.pick(WORDS)}${rng.pick(WORDS)}${rng.chance(0.4) ? rng.int(100) : ''}`;
  return `${rng.pick(['the', 'real', 'its', 'just', 'mr', 'ms'])}${first.toLowerCase()}${rng.chance(0.5) ? rng.int(10000) : ''}`;
}

/** A persona handle: the name + 8 digits shape that bulk-created accounts keep. */
export function personaHandle(rng: Rng, first: string): string {
  return `${first}${String(rng.int(1e8)).padStart(8, '0')}`;
}

export function place(rng: Rng): string {
  return rng.chance(0.35) ? '' : rng.pick(PLACES);
}

export function bio(rng: Rng, persona: boolean): string {
  return persona && rng.chance(0.6) ? rng.pick(PERSONA_BIO) : rng.pick(BIO);
}

/** A small edit of a text (word swap, drop, emoji): what near-duplicate copy-paste looks like. */
export function perturb(rng: Rng, text: string): string {
  const parts = text.split(' ');
  const r = rng.next();
  if (r < 0.35 && parts.length > 3) parts.splice(rng.int(parts.length), 1);
  else if (r < 0.7) parts.splice(rng.int(parts.length + 1), 0, rng.pick(WORDS));
  else parts.push(rng.pick(['🔥', '‼️', '👇', '🙏', '💯', '!!!']));
  return parts.join(' ');
}
