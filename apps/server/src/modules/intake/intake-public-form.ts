import { appendAudit } from '../../platform/audit/audit-log.ts';
import type { Db } from '../../platform/db/database.ts';
import type { Actor } from '../../platform/http/actor.ts';
import { AppError } from '../../platform/http/app-error.ts';
import { parseUploadLimits, UPLOAD_SETTING, type UploadLimits } from './evidence.ts';
import { intakeFieldInvalid } from './intake.i18n.ts';
import { intakePolicy } from './intake.policy.ts';
import { intakeRepository as repo } from './intake.repository.ts';
import { offeredCategories } from './intake-categories.ts';

/** The settings key of the public form's contact rules. */
export const CONTACT_SETTING = 'intake.contact';

export interface ContactRules {
  nameRequired: boolean;
  phoneRequired: boolean;
}

/** What the public page asks of every citizen: contact fields required or optional, and the upload limits. */
export interface PublicFormSettings {
  contact: ContactRules;
  uploads: UploadLimits;
}

/** The stored contact rules (JSON); anything unreadable means "optional", as the public page treats it. */
export function parseContactRules(raw: string | undefined): ContactRules {
  try {
    const value: unknown = raw ? JSON.parse(raw) : {};
    const parsed = value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
    return { nameRequired: parsed.nameRequired === true, phoneRequired: parsed.phoneRequired === true };
  } catch {
    return { nameRequired: false, phoneRequired: false };
  }
}

/**
 * The public form's settings. There is one public page for the whole platform, so, like the working
 * calendar, only a system administrator or an office administrator at the top of the region tree
 * changes them; every office sees them (its staff answer citizens' questions about the form).
 */
export function createPublicFormService(db: Db, now: () => Date, onChange: () => void = () => {}) {
  async function read(): Promise<PublicFormSettings> {
    const [contact, uploads] = await Promise.all([
      repo.setting(db, CONTACT_SETTING),
      repo.setting(db, UPLOAD_SETTING),
    ]);
    return { contact: parseContactRules(contact), uploads: parseUploadLimits(uploads) };
  }

  return {
    async get(actor: Actor) {
      // The report categories the form offers, for staff pages that pick one (routing rules).
      const categories = (await offeredCategories(db, actor.locale)).map(({ code, name }) => ({
        code,
        name,
      }));
      return {
        ...(await read()),
        categories,
        abilities: { update: intakePolicy.canManagePublicForm(actor) },
      };
    },

    async save(actor: Actor, input: PublicFormSettings) {
      if (!intakePolicy.canManagePublicForm(actor)) throw AppError.forbidden();
      if (input.uploads.maxTotalBytes < input.uploads.maxFileBytes)
        throw intakeFieldInvalid(actor.locale, 'uploads.maxTotalBytes', 'total_below_file');
      const before = await read();
      const at = now().toISOString();
      const rows = [
        { key: CONTACT_SETTING, value: JSON.stringify(input.contact) },
        { key: UPLOAD_SETTING, value: JSON.stringify(input.uploads) },
      ];
      await db.transaction().execute(async (trx) => {
        for (const row of rows) {
          await trx
            .insertInto('settings')
            .values({ ...row, updated_at: at })
            .onConflict((oc) => oc.column('key').doUpdateSet({ value: row.value, updated_at: at }))
            .execute();
        }
        await appendAudit(trx, actor, {
          action: 'intake.public_form.update',
          resourceType: 'intake_settings',
          resourceId: null,
          regionPath: actor.regionPath,
          before,
          after: input,
        });
      });
      onChange();
      return this.get(actor);
    },
  };
}

export type PublicFormService = ReturnType<typeof createPublicFormService>;
