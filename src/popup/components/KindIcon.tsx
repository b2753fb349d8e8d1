import type { IdentityView } from '../../shared/protocol.ts';
import { t } from '../../ui/i18n.ts';

interface Props {
  view: IdentityView;
}

/** A small icon for the identity's kind: a person for users (red for root), a badge for roles, a badge with an arrow for federated roles, a window with an arrow for console roles. */
export function KindIcon({ view }: Props) {
  const root = view.kind === 'user' && view.isRoot === true;
  const label = root ? t('kindRoot') : view.kind === 'user' ? t('kindUser') : view.kind === 'role' ? t('kindRole') : view.kind === 'console-role' ? t('kindConsoleRole')
    : view.kind === 'sso' ? t('kindSso') : view.kind === 'saml' ? t('kindSaml') : view.kind === 'web-identity' ? t('kindWebIdentity') : t('kindUnknown');
  return (
    <svg class={`kind kind-${view.kind}${root ? ' kind-root' : ''}`} viewBox="0 0 16 16" width="16" height="16" role="img" aria-label={label}>
      <title>{label}</title>
      {view.kind === 'user' && <path d="M8 8a3 3 0 1 0 0-6 3 3 0 0 0 0 6zm-5 6c0-2.8 2.2-5 5-5s5 2.2 5 5z" />}
      {view.kind === 'role' && <path d="M3 2h10v4.5c0 3.5-2.3 6.3-5 7.5-2.7-1.2-5-4-5-7.5zm3 4v2h4V6z" />}
      {view.kind === 'console-role' && <path d="M2 3h12v10H2zm1.5 3v5.5h9V6zM6 7.5h3.2L8 6.3l.9-.9L11.6 8l-2.7 2.6-.9-.9 1.2-1.2H6z" />}
      {(view.kind === 'sso' || view.kind === 'saml' || view.kind === 'web-identity') && <path d="M3 2h10v4.5c0 3.5-2.3 6.3-5 7.5-2.7-1.2-5-4-5-7.5zm5 2.2L6.2 8h1.1v3h1.4V8h1.1z" />}
      {view.kind === 'unknown' && <path d="M8 1a7 7 0 1 0 0 14A7 7 0 0 0 8 1zm-.8 10h1.6v1.6H7.2zm.8-7a2.5 2.5 0 0 1 1 4.8V10H7.2V7.5H8A1 1 0 1 0 7 6.5H5.5A2.5 2.5 0 0 1 8 4z" />}
    </svg>
  );
}
