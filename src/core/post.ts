/**
 * The normalised post: what every ingest reader yields and every detector reads. Readers fill what
 * their format has and derive the rest (hashtags, mentions, URLs from text; canonical URLs; registrable
 * domains), so detectors never look at a raw format.
 */

/** What is known about the account at the time of the post (formats differ in what they carry). */
export interface AccountProfile {
  screenName?: string;
  displayName?: string;
  /** Account creation time, Unix seconds. */
  createdAt?: number;
  followers?: number;
  following?: number;
  statuses?: number;
  description?: string;
  /** True when the account still had the platform's default avatar. */
  defaultProfileImage?: boolean;
  /** True when the account kept the platform's default theme/profile. */
  defaultProfile?: boolean;
  verified?: boolean;
  language?: string;
  location?: string;
  /** A label shipped with the data set (e.g. the IRA CSV's account_category); never used to detect. */
  category?: string;
}

export interface Post {
  /** Post id in the source platform; missing in some generic inputs. */
  id?: string;
  /** Account id (stable id, not the screen name, where the format has one). */
  account: string;
  /** Unix seconds (fractions allowed). */
  time: number;
  text?: string;
  /** True for a retweet/share, even when the format does not say of what (the IRA CSV). */
  isRepost: boolean;
  /** Id of the reshared post, when known. */
  repostOf?: string;
  /** Account id (or screen name when no id is known) of the reshared post's author. */
  repostOfAccount?: string;
  /** Id of the post this one replies to. */
  replyTo?: string;
  /** Account replied to. */
  replyToAccount?: string;
  /** Id of the quoted post. */
  quoteOf?: string;
  /** Lower-cased, without '#'. */
  hashtags: string[];
  /** Lower-cased screen names (or ids) without '@'. */
  mentions: string[];
  /** Canonical URLs (see ingest/url-canonical.ts); opaque ids for pre-anonymised data sets. */
  urls: string[];
  /** Registrable domains of `urls` (public-suffix aware); opaque ids for pre-anonymised data sets. */
  domains: string[];
  /** Perceptual-hash ids of attached images. */
  images: string[];
  profile?: AccountProfile;
  /** Platform name where the data set mixes several (e.g. "facebook", "twitter"). */
  platform?: string;
  lang?: string;
  /** Posting application (e.g. the IO archive's tweet_client_name, v1 `source` without markup). */
  client?: string;
  /** Where the post came from, for evidence and error messages. */
  source: { file: string; line: number };
}
