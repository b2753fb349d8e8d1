#!/usr/bin/env python3
"""Resolve every profile of an AWS config / credentials pair with botocore, and print the result as JSON.

This is the reference the config importer is tested against (src/core/config-import/botocore-corpus.test.ts):
for each profile, which credentials the AWS CLI would end up with — static keys (from which file), a role
assumed from another resolution (recursively), or another provider (SSO, web identity, credential_process,
login) — or which error botocore raises.

Nothing leaves the machine and nothing is executed: the STS, SSO, web-identity, login and credential_process
calls are replaced by stand-ins that record what botocore asked for and return marker credentials. Everything
else (parsing, profile merging, the provider chain and its order, the source_profile rules) is botocore's own
code.

Usage:
    python3 test/support/botocore_resolve.py CONFIG [CREDENTIALS]        # one case, JSON on stdout
    python3 test/support/botocore_resolve.py --corpus test/fixtures/aws-config/botocore
        # every case listed in that directory's cases.json; writes expected.json next to it

A missing CREDENTIALS (or '-') means "no credentials file".
"""

import datetime
import json
import os
import sys
import tempfile

import botocore
import botocore.credentials as bc
import botocore.exceptions
import botocore.session

_calls = {}


def _marker(kind):
    key = f'{kind}-{len(_calls)}'
    return key


def _future():
    return datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=1)


def _fake_assume_role(self):
    kwargs = self._assume_role_kwargs()
    source = self._source_credentials
    frozen = source.get_frozen_credentials()
    key = _marker('ASSUMED')
    _calls[key] = {
        'kind': 'role',
        'roleArn': kwargs.get('RoleArn'),
        'durationSeconds': kwargs.get('DurationSeconds'),
        'externalId': kwargs.get('ExternalId'),
        'mfaSerial': kwargs.get('SerialNumber'),
        'roleSessionName': None if self._using_default_session_name else kwargs.get('RoleSessionName'),
        'source': (frozen.access_key, getattr(source, 'method', None), frozen.token),
    }
    return {
        'Credentials': {
            'AccessKeyId': key,
            'SecretAccessKey': 'x',
            'SessionToken': 'x',
            'Expiration': _future(),
        }
    }


def _fake_web_identity(self):
    key = _marker('WEBIDENTITY')
    _calls[key] = {'kind': 'web_identity', 'roleArn': self._role_arn}
    return {
        'Credentials': {
            'AccessKeyId': key,
            'SecretAccessKey': 'x',
            'SessionToken': 'x',
            'Expiration': _future(),
        }
    }


def _fake_process(self, credential_process):
    key = _marker('PROCESS')
    _calls[key] = {'kind': 'credential_process'}
    return {'access_key': key, 'secret_key': 'x', 'token': 'x', 'expiry_time': None, 'account_id': None}


def _fake_sso_load(self):
    config = self._load_sso_config()  # botocore's own checks (missing settings raise)
    if not config:
        return None
    key = _marker('SSO')
    _calls[key] = {
        'kind': 'sso',
        'accountId': config.get('sso_account_id'),
        'roleName': config.get('sso_role_name'),
        'startUrl': config.get('sso_start_url'),
        'ssoRegion': config.get('sso_region'),
        'ssoSession': config.get('sso_session'),
    }
    return bc.Credentials(key, 'x', 'x', method=self.METHOD)


def _fake_login_load(self):
    profile = self._load_config().get('profiles', {}).get(self._profile_name, {})
    if 'login_session' not in profile:
        return None
    key = _marker('LOGIN')
    _calls[key] = {'kind': 'login_session'}
    return bc.Credentials(key, 'x', 'x', method=self.METHOD)


bc.AssumeRoleCredentialFetcher._get_credentials = _fake_assume_role
bc.AssumeRoleWithWebIdentityCredentialFetcher._get_credentials = _fake_web_identity
bc.ProcessProvider._retrieve_credentials_using = _fake_process
bc.SSOProvider.load = _fake_sso_load
if hasattr(bc, 'LoginProvider'):  # botocore >= 1.42 (aws login); older versions ignore login_session
    bc.LoginProvider.load = _fake_login_load

_original_fetcher_init = bc.AssumeRoleCredentialFetcher.__init__


def _fetcher_init(self, *args, **kwargs):
    kwargs['mfa_prompter'] = lambda prompt: '123456'
    _original_fetcher_init(self, *args, **kwargs)


bc.AssumeRoleCredentialFetcher.__init__ = _fetcher_init


def _describe(access_key, method, token=None):
    call = _calls.get(access_key)
    if call is None:
        out = {'kind': 'keys', 'accessKeyId': access_key, 'method': method}
        if token:
            out['sessionToken'] = True
        return out
    out = {k: v for k, v in call.items() if v is not None and k != 'source'}
    if 'source' in call:
        out['source'] = _describe(*call['source'])
    return out


def _error(e):
    name = type(e).__name__
    inner = getattr(e, 'kwargs', {}).get('error')
    return {'error': name, 'detail': type(inner).__name__} if inner is not None else {'error': name}


def resolve(config_path, credentials_path=None):
    """Resolve every profile botocore sees in these files."""
    home = tempfile.mkdtemp(prefix='botocore-resolve-')
    env = {
        'HOME': home,
        'AWS_CONFIG_FILE': os.path.abspath(config_path),
        'AWS_SHARED_CREDENTIALS_FILE': os.path.abspath(credentials_path) if credentials_path else os.path.join(home, 'no-credentials'),
        'AWS_EC2_METADATA_DISABLED': 'true',
        'BOTO_CONFIG': os.path.join(home, 'no-boto-config'),
    }
    for k in list(os.environ):
        if k.startswith('AWS_') or k.startswith('BOTO'):
            del os.environ[k]
    os.environ.update(env)

    out = {'profiles': {}}
    try:
        names = list(botocore.session.Session().full_config['profiles'].keys())
    except botocore.exceptions.BotoCoreError as e:
        out['parse'] = _error(e)
        return out
    out['parse'] = 'ok'
    for name in names:
        _calls.clear()
        session = botocore.session.Session(profile=name)
        try:
            creds = session.get_credentials()
            if creds is None:
                out['profiles'][name] = {'none': True}
            else:
                frozen = creds.get_frozen_credentials()
                out['profiles'][name] = _describe(frozen.access_key, creds.method, frozen.token)
        except botocore.exceptions.BotoCoreError as e:
            out['profiles'][name] = _error(e)
    return out


def corpus(directory):
    with open(os.path.join(directory, 'cases.json'), encoding='utf-8') as f:
        cases = json.load(f)['cases']
    result = {'botocore': botocore.__version__, 'cases': {}}
    for case in cases:
        config = os.path.join(directory, case['config'])
        creds = os.path.join(directory, case['credentials']) if case.get('credentials') else None
        result['cases'][case['name']] = resolve(config, creds)
    return result


def main(argv):
    if len(argv) >= 2 and argv[0] == '--corpus':
        data = corpus(argv[1])
        text = json.dumps(data, indent=2, sort_keys=True) + '\n'
        if len(argv) >= 3 and argv[2] == '--stdout':
            sys.stdout.write(text)
        else:
            with open(os.path.join(argv[1], 'expected.json'), 'w', encoding='utf-8') as f:
                f.write(text)
        return 0
    if not argv:
        sys.stderr.write(__doc__)
        return 2
    creds = argv[1] if len(argv) > 1 and argv[1] != '-' else None
    data = resolve(argv[0], creds)
    data['botocore'] = botocore.__version__
    sys.stdout.write(json.dumps(data, indent=2, sort_keys=True) + '\n')
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
