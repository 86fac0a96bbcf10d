/**
 * The contact card an organisation publishes: a security contact per topic (election integrity,
 * takedowns, law-enforcement liaison, press). zod only, no server imports, so the TAXII feedback
 * routes, the workspace's points-of-contact API and its browser client validate with the same schema.
 */
import { z } from 'zod';

/** A topic slug such as `election-integrity`, `takedown`, `press`. */
export const Topic = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be a lower-case slug like "election-integrity" (≤ 63 chars)');

/**
 * An OpenPGP fingerprint: 40 hex digits (v4) or 64 (v6), spaces allowed as people paste them; stored
 * upper-case without spaces.
 */
export const PgpFingerprint = z
  .string()
  .max(100)
  .transform((s) => s.replace(/\s+/g, '').toUpperCase())
  .pipe(
    z.string().regex(/^(?:[0-9A-F]{40}|[0-9A-F]{64})$/, 'must be a v4 (40 hex) or v6 (64 hex) fingerprint'),
  );

export const ContactSchema = z
  .strictObject({
    topic: Topic,
    name: z.string().trim().min(1).max(200).optional(),
    email: z.email('must be an e-mail address').max(254).optional(),
    // http(s) only: a card is shown to partners, so `javascript:` or `data:` links must never pass.
    url: z
      .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
      .max(2048)
      .optional(),
    phone: z
      .string()
      .regex(/^\+?[0-9][0-9 ().-]{2,31}$/, 'must be a phone number like +44 20 7946 0000')
      .optional(),
    pgp_fingerprint: PgpFingerprint.optional(),
    languages: z
      .array(
        z.string().regex(/^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/, 'must be a BCP 47 tag like "en" or "pt-BR"'),
      )
      .max(20)
      .optional(),
  })
  .refine((c) => c.email !== undefined || c.url !== undefined, {
    message: 'each contact needs an email or a url',
    path: ['email'],
  });

export const ContactCardSchema = z
  .strictObject({
    contacts: z.array(ContactSchema).min(1, 'give at least one contact').max(50),
  })
  .superRefine((card, ctx) => {
    const seen = new Set<string>();
    card.contacts.forEach((c, i) => {
      if (seen.has(c.topic))
        ctx.addIssue({
          code: 'custom',
          message: `duplicate topic "${c.topic}"`,
          path: ['contacts', i, 'topic'],
        });
      seen.add(c.topic);
    });
  });

export type ContactCard = z.infer<typeof ContactCardSchema>;
