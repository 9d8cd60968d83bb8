# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""GENERATED from the catalog by tests/unit/plugins/module_utils/test_secret_keys.py: do not edit.

What masking needs to know of the catalog and of _mask, for code that runs on hosts (managed_file) and must not
carry the whole catalog: _mask's mask text and patterns, and SPECS = {key or old name: (secret, secret_values,
fields)}, fields being {field: (secret, fields)} or None. Keys whose value is masked as an unknown key's would be
(no secret, no fields, a name that does not look secret) are left out.
"""

from __future__ import annotations

MASK = '********'

# _mask's patterns: (text, re flags)
PATTERNS = {
    'credential_value': (
        (
            '^\\s*(?:(?:bearer|basic|digest|token|negotiate|apikey)\\s+\\S{4,}|(?:sk|pk|rk)-[A-Z'
            'a-z0-9_-]{8,}|sk_(?:live|test)_\\S{8,}|gh[pousr]_[A-Za-z0-9]{16,}|github_pat_\\S{1'
            '6,}|xox[abprs]-\\S{8,}|AKIA[0-9A-Z]{16}|AIza[0-9A-Za-z_-]{20,}|eyJ[A-Za-z0-9_-]{6'
            ',}\\.[A-Za-z0-9_-]{6,}\\.)'
        ),
        34,
    ),
    'secret_name': (
        (
            '(api[_-]?key|apikey|token|secret|passw|credential|auth|cookie|bearer|private[_-]'
            '?key|signature|session[_-]?id)'
        ),
        34,
    ),
    'userinfo': ('(?<=//)[^/@\\s?#]*@', 32),
}

SPECS = {
    'allowedPluginMarketplaces': (
        False,
        False,
        {
            'credentialHelper': (False, None),
            'credentialKind': (False, None),
            'expectedName': (False, None),
            'installationPreference': (False, None),
            'manifestSha256': (False, None),
            'path': (False, None),
            'ref': (False, None),
            'repo': (False, None),
            'source': (False, None),
            'url': (False, None),
        },
    ),
    'allowedWorkspaceFolders': (False, False, {'isDefaultSelected': (False, None), 'mode': (False, None), 'path': (False, None)}),
    'banner': (
        False,
        False,
        {
            'backgroundColor': (False, None),
            'enabled': (False, None),
            'linkUrl': (False, None),
            'text': (False, None),
            'textColor': (False, None),
        },
    ),
    'bootstrapHeaders': (False, True, None),
    'bootstrapOidc': (
        False,
        False,
        {
            'additionalRedirectReferrerHosts': (False, None),
            'authorizationUrl': (False, None),
            'clientId': (False, None),
            'issuer': (False, None),
            'redirectPort': (False, None),
            'scopes': (False, None),
            'tokenUrl': (False, None),
        },
    ),
    'claudeAiImport': (
        False,
        False,
        {
            'automatic3pImport': (False, None),
            'bannerBehavior': (False, None),
            'enabled': (False, None),
            'exportEnabled': (False, None),
            'oauthClientId': (False, None),
            'oauthIssuer': (False, None),
            'url': (False, None),
        },
    ),
    'inferenceAnthropicApiKey': (True, False, None),
    'inferenceBedrockBearerToken': (True, False, None),
    'inferenceCredentialHelper': (False, False, None),
    'inferenceCredentialHelperSilentRefreshEnabled': (False, False, None),
    'inferenceCredentialHelperTimeoutSec': (False, False, None),
    'inferenceCredentialHelperTtlSec': (False, False, None),
    'inferenceCredentialKind': (False, False, None),
    'inferenceCustomHeaders': (False, True, None),
    'inferenceFoundryApiKey': (True, False, None),
    'inferenceFoundryAuthFlow': (False, False, None),
    'inferenceGatewayApiKey': (True, False, None),
    'inferenceGatewayAuthScheme': (False, False, None),
    'inferenceGatewayHeaders': (False, True, None),
    'inferenceGatewayOidc': (
        False,
        False,
        {
            'additionalRedirectReferrerHosts': (False, None),
            'appendOfflineAccess': (False, None),
            'authorizationUrl': (False, None),
            'bearerTokenType': (False, None),
            'clientId': (False, None),
            'issuer': (False, None),
            'redirectPort': (False, None),
            'resource': (False, None),
            'scopes': (False, None),
            'tokenUrl': (False, None),
        },
    ),
    'inferenceGatewayOidcAuthFlow': (False, False, None),
    'inferenceIdpAuthFlow': (False, False, None),
    'inferenceIdpOidc': (
        False,
        False,
        {
            'additionalRedirectReferrerHosts': (False, None),
            'appendOfflineAccess': (False, None),
            'authorizationUrl': (False, None),
            'bearerTokenType': (False, None),
            'clientId': (False, None),
            'issuer': (False, None),
            'redirectPort': (False, None),
            'resource': (False, None),
            'scopes': (False, None),
            'tokenUrl': (False, None),
        },
    ),
    'inferenceMaxTokensPerWindow': (False, False, None),
    'inferenceModelPricing': (
        False,
        False,
        {
            'cacheReadPerMtok': (False, None),
            'cacheWritePerMtok': (False, None),
            'inputPerMtok': (False, None),
            'name': (False, None),
            'outputPerMtok': (False, None),
        },
    ),
    'inferenceModels': (
        False,
        False,
        {
            'anthropicFamilyTier': (False, None),
            'isFamilyDefault': (False, None),
            'labelOverride': (False, None),
            'name': (False, None),
            'prefer1m': (False, None),
            'supports1m': (False, None),
        },
    ),
    'inferenceTokenWindowHours': (False, False, None),
    'inferenceVertexCredentialsFile': (False, False, None),
    'inferenceVertexOAuthClientId': (False, False, None),
    'inferenceVertexOAuthClientSecret': (True, False, None),
    'inferenceVertexOAuthLoginHint': (False, False, None),
    'inferenceVertexOAuthScopes': (False, False, None),
    'inferenceVertexWorkforceAuthFlow': (False, False, None),
    'inferenceVertexWorkforceOidc': (
        False,
        False,
        {
            'additionalRedirectReferrerHosts': (False, None),
            'authorizationUrl': (False, None),
            'clientId': (False, None),
            'issuer': (False, None),
            'omitOfflineAccess': (False, None),
            'redirectPort': (False, None),
            'scopes': (False, None),
            'tokenUrl': (False, None),
        },
    ),
    'isDesktopExtensionSignatureRequired': (False, False, None),
    'isDxtSignatureRequired': (False, False, None),
    'managedMcpServers': (
        False,
        False,
        {
            'args': (False, None),
            'authorityHost': (False, None),
            'azureCloud': (False, None),
            'clientId': (False, None),
            'command': (False, None),
            'customUrl': (False, None),
            'env': (True, None),
            'envHelper': (False, None),
            'envHelperTtlSec': (False, None),
            'headers': (True, None),
            'headersHelper': (False, None),
            'headersHelperRefreshBufferSec': (False, None),
            'headersHelperTtlSec': (False, None),
            'host': (False, None),
            'name': (False, None),
            'oauth': (
                False,
                {
                    'additionalRedirectReferrerHosts': (False, None),
                    'appendOfflineAccess': (False, None),
                    'authFlow': (False, None),
                    'authorizationServer': (False, None),
                    'authorizationUrl': (False, None),
                    'callbackHost': (False, None),
                    'callbackPort': (False, None),
                    'clientId': (False, None),
                    'clientSecret': (True, None),
                    'clientSecretHelper': (False, None),
                    'mode': (False, None),
                    'scope': (False, None),
                    'scopes': (False, None),
                    'tenantId': (False, None),
                    'tokenUrl': (False, None),
                },
            ),
            'provider': (False, None),
            'readOnly': (False, None),
            'scope': (False, None),
            'scopes': (False, None),
            'server': (False, None),
            'source': (False, None),
            'startupTimeoutSec': (False, None),
            'tenantId': (False, None),
            'toolPolicy': (False, None),
            'toolsets': (False, None),
            'transport': (False, None),
            'url': (False, None),
        },
    ),
    'microsoftAuthBroker': (False, False, None),
    'orgPluginSettings': (
        False,
        False,
        {
            'serverName': (False, None),
            'tools': (False, {'permission': (False, None), 'toolName': (False, None)}),
        },
    ),
    'otlpAuthMode': (False, False, None),
    'otlpHeaders': (False, True, None),
}
