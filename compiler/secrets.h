// Which config values are secrets, and how they may be shown: the one masking
// policy of connql (docs/security.md). Pure: the engine applies it on the way out.
//
// A value is secret when
//   - its key is declared PASSWORD by the connector's plugin (SecretPolicy), or
//   - its key looks secret (password, secret, token, credentials, api key, access
//     key, account key, private key, JAAS config, basic auth user info, ...), or
//   - it carries a credential inside it: URL user info (scheme://user:pw@host), a
//     password= (pwd=, secret=, token=...) parameter of a connection URL, or an
//     Authorization / Bearer value in a headers setting.
// Config-provider references (${file:...}, ${env:...}) are never secrets: the worker
// resolves them, and they are shown as written.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "compiler/config.h"

namespace connql {

// A value masked whole.
constexpr const char* kMasked = "[hidden]";
// A credential masked inside a longer value (a URL's password, a header's token).
constexpr const char* kMaskedPart = "***";

struct SecretPolicy {
    std::set<std::string> password_keys;  // declared type PASSWORD by the plugin (GET .../config)
    bool show = false;                    // --show-secrets: nothing is masked
};

// A key that names a password, secret, token, credential, private key or JAAS config.
bool is_secret_key(std::string_view key);
// ${provider:path[:key]} references are resolved by the worker: they are safe to show.
bool is_config_provider_reference(std::string_view value);

// The value as it may be shown, or nullopt when it is no secret: kMasked for a
// secret key, or the value with only its embedded credentials replaced by kMaskedPart.
std::optional<std::string> masked_value(std::string_view key, std::string_view value, const SecretPolicy& policy = {});
bool is_secret(std::string_view key, std::string_view value, const SecretPolicy& policy = {});

// The config as it may be shown.
Config masked(const Config& config, const SecretPolicy& policy = {});

// Free text (an error Connect sent back, say) with every secret value of `config`
// replaced, whole or embedded credential alike.
std::string scrub(std::string text, const Config& config, const SecretPolicy& policy = {});

// Credentials embedded in any text: URL user info, password= parameters,
// Authorization / Bearer values (for source lines and messages with no config at hand).
std::string mask_embedded_credentials(std::string_view text);
// The same, giving `text` back without a copy when it holds no credential (a large answer).
std::string mask_embedded_credentials(std::string&& text);
inline std::string mask_embedded_credentials(const char* text) { return mask_embedded_credentials(std::string_view(text)); }

// A statement's text as the /ksql endpoint echoes it (statementText), masked as
// ksqlDB's QueryMask masks connector statements: every property value except
// connector.class reads '[string]' (and a DEFINE's value too).
std::string query_mask(std::string_view statement_text);

// A script's text for quoting under an error caret: the characters of every secret
// value written in it replaced by '*', one per character, so that every line and
// column stays where it was.
std::string mask_source(std::string_view text, const SecretPolicy& policy = {});

// A value that is, or holds, the mask text: sending it would write the placeholder
// into the live config (a SHOW CREATE output run without its secrets, say).
bool is_mask_text(std::string_view value);

}  // namespace connql
