// The small cryptographic helpers of server/auth, over OpenSSL. Internal to connql_auth.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace connql::auth::detail {

// SHA-256 of `data`, as 64 lowercase hex digits.
std::string sha256_hex(std::string_view data);
// HMAC-SHA-256 of `data` under `key`, raw 32 bytes.
std::string hmac_sha256(std::string_view key, std::string_view data);
// `count` bytes from OpenSSL's CSPRNG; throws when it cannot deliver.
std::string random_bytes(size_t count);
// RFC 4648 base64url without padding (tokens are pasted into shells and headers).
std::string base64url(std::string_view bytes);
// Strict RFC 4648 base64 (standard alphabet, padding required): nullopt on anything else,
// so that a mangled Basic header is refused instead of half-decoded.
std::optional<std::string> base64_decode(std::string_view text);
// Equal contents in time that depends on the sizes only (CRYPTO_memcmp).
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace connql::auth::detail
