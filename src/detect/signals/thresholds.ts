/**
 * Every threshold the account and network signals flag on, with where it comes from. A number that is
 * "Lockstep's choice" says why; the report can print this table as it is.
 *
 * References:
 *  - [Nimmo 2017] B. Nimmo, "#BotSpot: Twelve Ways to Spot a Bot", DFRLab, 2017 (activity, anonymity,
 *    amplification, auto-generated handles, creation dates).
 *  - [Varol 2017] O. Varol, E. Ferrara, C. Davis, F. Menczer, A. Flammini, "Online Human-Bot
 *    Interactions: Detection, Estimation, and Characterization", ICWSM 2017 (Botometer's user and
 *    timing features: follower/friend counts, default profile/image, inter-tweet times).
 *  - [Yang 2020] K.-C. Yang, O. Varol, P.-M. Hui, F. Menczer, "Scalable and Generalizable Social Bot
 *    Detection through Data Selection", AAAI 2020 (digits in the screen name as a feature).
 *  - [Ghosh 2011] R. Ghosh, T. Surachawala, K. Lerman, "Entropy-based Classification of 'Retweeting'
 *    Activity on Twitter", SNA-KDD 2011 (regular inter-post times mark automation).
 *  - [Barabási 2005] A.-L. Barabási, "The origin of bursts and heavy tails in human dynamics", Nature
 *    435 (human inter-event times are bursty: coefficient of variation above 1).
 *  - [Pacheco 2021] D. Pacheco, P.-M. Hui, C. Torres-Lugo, B. T. Truong, A. Flammini, F. Menczer,
 *    "Uncovering Coordinated Networks on Social Media: Methods and Case Studies", ICWSM 2021.
 *  - Takedown analyses by the Stanford Internet Observatory and DFRLab routinely report batches of
 *    network accounts created within days of each other.
 */

export const THRESHOLDS = {
  cadence: {
    /** Fewer gaps say nothing about a schedule. Lockstep's choice. */
    minGaps: 10,
    /**
     * A Poisson process has CV = 1 and people are burstier still (CV > 1) [Barabási 2005]; a CV
     * below 0.35 is far from both and typical of scheduled posting [Ghosh 2011]. Lockstep's choice of
     * the cut-off.
     */
    maxCv: 0.35,
    /** Gaps within ±10 % of the median gap: a low-jitter timer even when pauses inflate the CV. */
    jitter: 0.1,
    minRegularShare: 0.5,
  },
  repostRatio: {
    /** Amplifier accounts that almost only reshare [Nimmo 2017]; 0.9 is Lockstep's choice. */
    min: 0.9,
    minPosts: 20,
  },
  followers: {
    /**
     * Following many while followed by few: follow-back farming [Varol 2017 uses both counts]. Lockstep's
     * choice: following ≥ 1000 and followers/following < 0.1.
     */
    minFollowing: 1000,
    maxRatio: 0.1,
  },
  postsPerDay: {
    /** [Nimmo 2017]: 72 posts a day is suspicious, 144 highly suspicious. */
    min: 72,
    high: 144,
  },
  activeHours: {
    /**
     * People sleep: an account with no quiet stretch of at least 3 consecutive hours (UTC, wrapping
     * midnight) over enough posts looks run round the clock. An hour is quiet when it holds under 1 %
     * of the posts (a quarter of the even share, 4.2 %), so the odd sleepless night over months of data
     * does not erase it. Lockstep's choice (3 h, 1 %, 50 posts over at least 3 days).
     */
    minQuietHours: 3,
    quietShare: 0.01,
    minPosts: 50,
    minDays: 3,
  },
  accountAge: {
    /** Fresh accounts that start posting at once [Nimmo 2017 creation dates]; 14 days is Lockstep's choice. */
    maxDays: 14,
  },
  handle: {
    /**
     * A name followed by exactly 8 digits is the handle Twitter/X suggests at sign-up; accounts that
     * keep it rarely chose a name themselves [Nimmo 2017; Yang 2020 digits feature].
     */
    autoDigits: 8,
  },
  creationBurst: {
    /** Window for "created together" [SIO/DFRLab reports]. Lockstep's choice: 7 days. */
    windowDays: 7,
    minMembers: 3,
    minShare: 0.3,
    /** Chance probability after the scan correction. Lockstep's choice. */
    maxP: 0.001,
  },
  sharedHandle: {
    /** Same handle shape with ≥ 4 digits for at least half of ≥ 3 members [Pacheco 2021]. */
    minMembers: 3,
    minShare: 0.5,
    minDigits: 4,
  },
  syncHours: {
    /** Members with enough posts for an hour-of-day profile. Lockstep's choice. */
    minPosts: 10,
    minMembers: 3,
    /**
     * Mean pairwise cosine similarity of hour-of-day profiles. People in one time zone already reach
     * about 0.8, so Lockstep flags 0.95 without a population, or 0.15 above the population's own
     * baseline (at least 0.8) when one is given.
     */
    minCosine: 0.95,
    aboveBaseline: 0.15,
  },
} as const;
