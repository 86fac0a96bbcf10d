/**
 * The automation score's model: a logistic model whose terms are stated here, not fitted to any data
 * Lockstep ships with. Each term turns one measurement into log-odds; the score is
 * σ(logit(prior) + Σ terms), so every term is a readable, additive share of the result.
 *
 * A continuous term is  weight · clamp(direction · (t(x) − centre) / scale, zMin, zMax):  the
 * measurement x is put on a human-reference scale t (mostly log10), standardised against a fixed
 * "typical person" centre and spread (never against the data set, so a data set that is all bots
 * cannot make bots look normal), clipped so no single measurement decides alone, and weighted. A
 * yes/no term adds its `yes` or `no` log-odds. An absent measurement adds exactly 0.
 *
 * Where several kinds of bot sit at both ends of a measurement, only one end is strong evidence: bursty
 * timing is human but also what synchronised bots show [Chavoshi 2016]; few reposts or few links is
 * what spammers and copy-paste bots show too [Chu 2012; Ferrara 2016]. Those terms' person side is
 * clipped at half a standard score (zMin −0.5), their automation side is not.
 *
 * Directions come from the literature; centres are typical human values; weights and clips are
 * Lockstep's choice, set so that one strong indicator moves the odds by a factor of 3–7 (≈ 1.1–2
 * log-odds), as single features do in the studies below, and were NOT tuned on the simulator (the
 * bench measures them on it instead, see bench/automation-auc.ts).
 *
 *  - [Varol 2017] Varol, Ferrara, Davis, Menczer, Flammini, "Online Human-Bot Interactions:
 *    Detection, Estimation, and Characterization", ICWSM 2017: user metadata (followers, friends,
 *    default profile/avatar, account age) and timing features; 9–15 % of active accounts are bots.
 *  - [Yang 2020] Yang, Varol, Hui, Menczer, "Scalable and Generalizable Social Bot Detection through
 *    Data Selection", AAAI 2020 (BotometerLite): profile-only features — statuses, followers and
 *    friends counts, their ratio and growth rates over account age, default profile, verified,
 *    description length, digits in the screen name.
 *  - [Ferrara 2016] Ferrara, Varol, Davis, Menczer, Flammini, "The Rise of Social Bots", CACM 59(7):
 *    bots retweet more, are younger accounts, post more and more regularly.
 *  - [Chu 2012] Chu, Gianvecchio, Wang, Jajodia, "Detecting Automation of Twitter Accounts: Are You a
 *    Human, Bot, or Cyborg?", IEEE TDSC 9(6): regular inter-post timing, high link ratios, recent
 *    registration and automated posting devices mark bots.
 *  - [Chavoshi 2016] Chavoshi, Hamooni, Mueen, "DeBot: Twitter Bot Detection via Warped Correlation",
 *    ICDM 2016: accounts whose activity is synchronised are bots.
 *  - [Nimmo 2017] DFRLab "#BotSpot": 72+ posts a day, auto-generated handles, default avatars,
 *    creation dates. [Barabási 2005] human inter-event times are bursty (CV > 1).
 *  - [Pacheco 2021] shared handle recipes in coordinated networks; takedown reports (SIO, DFRLab):
 *    network accounts created in batches.
 */

/** Version tag written with every score, so outputs say which coefficients made them. */
export const AUTOMATION_MODEL = 'lockstep-automation-1';

/**
 * Base rate before any measurement: 10 %, inside [Varol 2017]'s 9–15 % estimate for active Twitter
 * accounts. An account about which nothing is known scores exactly this.
 */
export const AUTOMATION_PRIOR = 0.1;

export interface ContinuousTerm {
  kind: 'continuous';
  /** The measurement, in words, with its unit. */
  measures: string;
  /** Readable form of t, for the docs and run.json. */
  transform: 'log10(x)' | 'log10(x + 1)' | 'ln(x)' | 'x';
  centre: number;
  scale: number;
  /** +1: larger values point to automation; −1: smaller values do. */
  direction: 1 | -1;
  zMin: number;
  zMax: number;
  weight: number;
  source: string;
}

export interface BinaryTerm {
  kind: 'binary';
  measures: string;
  /** Log-odds when the property holds / does not hold. */
  yes: number;
  no: number;
  source: string;
}

export type Term = ContinuousTerm | BinaryTerm;

const log10 = Math.log10;

/** The model's terms, in output order. Names match the account/network signals they read. */
export const AUTOMATION_TERMS = {
  'cadence-regularity': {
    kind: 'continuous',
    measures: 'coefficient of variation of the gaps between posts (10+ gaps)',
    transform: 'ln(x)',
    centre: 0, // CV 1: a Poisson process; people are burstier still [Barabási 2005]
    scale: 0.7,
    direction: -1,
    zMin: -0.5,
    zMax: 2.5,
    weight: 0.8,
    source: 'Chu 2012; Ferrara 2016; Barabási 2005',
  },
  'active-hours': {
    kind: 'continuous',
    measures: 'longest daily quiet stretch in hours, UTC (50+ posts over 3+ days)',
    transform: 'x',
    centre: 6, // people sleep
    scale: 2,
    direction: -1,
    zMin: -1,
    zMax: 2,
    weight: 0.7,
    source: 'Chu 2012 (hourly activity); Nimmo 2017',
  },
  'posts-per-day': {
    kind: 'continuous',
    measures: 'posts a day in this data set over the active span (5+ posts)',
    transform: 'log10(x)',
    centre: log10(20),
    scale: 0.35,
    direction: 1,
    zMin: -0.5,
    zMax: 2.5,
    weight: 0.6,
    source: 'Nimmo 2017 (72+ a day suspicious); Ferrara 2016',
  },
  'repost-ratio': {
    kind: 'continuous',
    measures: 'share of posts that are reposts (5+ posts; smoothed)',
    transform: 'x',
    centre: 0.5,
    scale: 0.2,
    direction: 1,
    zMin: -0.5,
    zMax: 2,
    weight: 0.4,
    source: 'Ferrara 2016 (bots retweet more)',
  },
  'link-ratio': {
    kind: 'continuous',
    measures: 'share of posts carrying a link (5+ posts; smoothed)',
    transform: 'x',
    centre: 0.3,
    scale: 0.2,
    direction: 1,
    zMin: -0.5,
    zMax: 2.5,
    weight: 0.4,
    source: 'Chu 2012 (bots post links far more often)',
  },
  'reply-ratio': {
    kind: 'continuous',
    measures: 'share of posts that are replies (5+ posts; smoothed)',
    transform: 'x',
    centre: 0.15,
    scale: 0.1,
    direction: -1,
    zMin: -2,
    zMax: 1,
    weight: 0.4,
    source: 'Varol 2017 (conversation features); Lockstep’s choice of magnitude',
  },
  'follower-ratio': {
    kind: 'continuous',
    measures: '(followers + 1) / (following + 1)',
    transform: 'log10(x)',
    centre: 0,
    scale: 0.7,
    direction: -1,
    zMin: -1.5,
    zMax: 2,
    weight: 0.6,
    source: 'Yang 2020 (followers/friends ratio); Varol 2017',
  },
  followers: {
    kind: 'continuous',
    measures: 'followers',
    transform: 'log10(x + 1)',
    centre: 2, // 100 followers
    scale: 0.7,
    direction: -1,
    zMin: -1.5,
    zMax: 2,
    weight: 0.5,
    source: 'Yang 2020 (followers count); Varol 2017',
  },
  'account-age-at-first-post': {
    kind: 'continuous',
    measures: 'days from account creation to its first post in the data',
    transform: 'log10(x + 1)',
    centre: log10(366),
    scale: 0.5,
    direction: -1,
    zMin: -1.5,
    zMax: 2,
    weight: 0.6,
    source: 'Ferrara 2016 (bots are younger); Chu 2012; Nimmo 2017',
  },
  'lifetime-posts-per-day': {
    kind: 'continuous',
    measures: 'the profile’s post count divided by the account’s age in days',
    transform: 'log10(x)',
    centre: log10(5),
    scale: 0.5,
    direction: 1,
    zMin: -0.5,
    zMax: 2.5,
    weight: 0.5,
    source: 'Yang 2020 (tweet frequency over account age)',
  },
  'default-avatar': {
    kind: 'binary',
    measures: 'still has the platform’s default avatar',
    yes: 1.2,
    no: -0.3,
    source: 'Varol 2017; Yang 2020; Nimmo 2017 (anonymity)',
  },
  'default-theme': {
    kind: 'binary',
    measures: 'kept the platform’s default profile theme',
    yes: 0.3,
    no: -0.2,
    source: 'Yang 2020 (default_profile)',
  },
  verified: {
    kind: 'binary',
    measures: 'verified by the platform',
    yes: -2,
    no: 0,
    source: 'Yang 2020 (verified)',
  },
  'empty-description': {
    kind: 'binary',
    measures: 'has no profile description (in data that carries descriptions)',
    yes: 0.5,
    no: -0.2,
    source: 'Yang 2020 (description length)',
  },
  'handle-digits': {
    kind: 'continuous',
    measures: 'digits at the end of the handle (+2 for the name + 8 digits form suggested at sign-up)',
    transform: 'x',
    centre: 0,
    scale: 2,
    direction: 1,
    zMin: 0,
    zMax: 3,
    weight: 0.4,
    source: 'Yang 2020 (digits in the screen name); Nimmo 2017',
  },
  'creation-burst': {
    kind: 'binary',
    measures: 'its network’s accounts were created in a burst (network members only)',
    yes: 1,
    no: 0,
    source: 'SIO/DFRLab takedown reports',
  },
  'shared-handle-pattern': {
    kind: 'binary',
    measures: 'its network’s handles follow one recipe (network members only)',
    yes: 0.7,
    no: 0,
    source: 'Pacheco 2021',
  },
  'synchronised-hours': {
    kind: 'binary',
    measures: 'its network keeps the same hours of the day (network members only)',
    yes: 0.7,
    no: 0,
    source: 'Chavoshi 2016 (DeBot)',
  },
} as const satisfies Record<string, Term>;

export type TermName = keyof typeof AUTOMATION_TERMS;
export const TERM_NAMES = Object.keys(AUTOMATION_TERMS) as TermName[];

/** t(x) of a continuous term. */
export function transformed(term: ContinuousTerm, x: number): number {
  switch (term.transform) {
    case 'log10(x)':
      return Math.log10(x);
    case 'log10(x + 1)':
      return Math.log10(x + 1);
    case 'ln(x)':
      return Math.log(x);
    case 'x':
      return x;
  }
}

/** The clipped standard score of x on a continuous term. */
export function standardised(term: ContinuousTerm, x: number): number {
  const z = (term.direction * (transformed(term, x) - term.centre)) / term.scale;
  return Math.min(term.zMax, Math.max(term.zMin, z));
}

/** Log-odds a continuous term adds for measurement x (monotone in x, in the term's direction). */
export function continuousLogOdds(term: ContinuousTerm, x: number): number {
  return term.weight * standardised(term, x);
}

export const logit = (p: number): number => Math.log(p / (1 - p));
export const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));
