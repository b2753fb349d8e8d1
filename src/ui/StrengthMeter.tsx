import { STRENGTHS, strengthOf } from '../core/vault/passphrase-policy.ts';
import { t } from './i18n.ts';

/**
 * The strength estimate of a new passphrase (core/vault/passphrase-policy.ts, the rule the background
 * enforces), for the popup's create-vault screen and the options page's passphrase change. The meter is
 * coloured by the browser from its low/high/optimum marks: weak (refused) red, fair amber, good and strong
 * green. The advice ("four random words or more") shows until it is met (good or strong).
 */
export function StrengthMeter({ passphrase, textId }: { passphrase: string; textId: string }) {
  const strength = strengthOf(passphrase);
  const text = strength === 'empty' ? t('strengthAdvice')
    : strength === 'weak' ? t('strengthWeakRefused', t('strengthAdvice'))
    : strength === 'fair' ? `${t('strength_fair')} — ${t('strengthAdvice')}`
    : t(`strength_${strength}`);
  return (
    <div class="strength" data-strength={strength} aria-live="polite">
      <meter min={0} max={4} low={2} high={3} optimum={4} value={STRENGTHS.indexOf(strength)} aria-label={t('strengthLabel')} />
      <span id={textId}>{text}</span>
    </div>
  );
}
