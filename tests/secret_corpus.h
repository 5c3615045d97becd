// The secret shapes connql must never show (docs/security.md): each a config key,
// the value written, and the part of it that is the secret. Shared by the unit
// test of the masking policy and the test against the real cluster.
#pragma once

#include <string>
#include <vector>

namespace connql::testing {

struct SecretShape {
    std::string key;
    std::string value;
    std::string secret;  // must appear in no output; every one is unique in the corpus
};

inline const std::vector<SecretShape>& secret_corpus() {
    static const std::vector<SecretShape> shapes = {
        // Keys that name a secret: the whole value is hidden.
        {"connection.password", "hunter2-s01", "hunter2-s01"},
        {"database.password", "pgpass-s02", "pgpass-s02"},
        {"ssl.key.password", "keypw-s03", "keypw-s03"},
        {"ssl.keystore.password", "kspw-s04", "kspw-s04"},
        {"ssl.truststore.password", "tspw-s05", "tspw-s05"},
        {"sasl.jaas.config",
         "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"u\" password=\"jaas-s06\";",
         "jaas-s06"},
        {"basic.auth.user.info", "registry:bauth-s07", "bauth-s07"},
        {"value.converter.basic.auth.user.info", "sr-user:srpw-s08", "srpw-s08"},
        {"aws.secret.access.key", "awssecret-s09", "awssecret-s09"},
        {"aws.access.key.id", "AKIAACCESS-s10", "AKIAACCESS-s10"},
        {"azblob.account.key", "acctkey-s11", "acctkey-s11"},
        {"gcs.credentials.json", "{\"type\":\"service_account\",\"private_key\":\"gcspk-s12\"}", "gcspk-s12"},
        {"snowflake.private.key", "MIIEvQIBADANBgkq-s13", "MIIEvQIBADANBgkq-s13"},
        {"api.key", "apikey-s14", "apikey-s14"},
        {"datadog.apiKey", "ddkey-s15", "ddkey-s15"},
        {"newrelic.api_key", "nrkey-s16", "nrkey-s16"},
        {"http.api-key", "httpkey-s17", "httpkey-s17"},
        {"token", "tok-s18", "tok-s18"},
        {"slack.access.token", "xoxb-s19", "xoxb-s19"},
        {"oauth2.client.secret", "oauthsecret-s20", "oauthsecret-s20"},
        {"client_secret", "clisecret-s21", "clisecret-s21"},
        {"secret", "plainsecret-s22", "plainsecret-s22"},
        {"mongodb.password", "mongopw-s23", "mongopw-s23"},
        {"ldap.passwd", "ldappw-s24", "ldappw-s24"},
        {"db.pwd", "dbpwd-s25", "dbpwd-s25"},
        {"snowflake.credentials", "sfcred-s26", "sfcred-s26"},
        {"hmac.session.key", "sesskey-s27", "sesskey-s27"},
        {"azure.sas.token", "sv=2022&sig=sassig-s28", "sassig-s28"},
        {"azure.connection.string", "DefaultEndpointsProtocol=https;AccountName=a;AccountKey=azkey-s29;", "azkey-s29"},
        {"request.signature", "sigval-s30", "sigval-s30"},
        {"keystore.password", "kspass-s31", "kspass-s31"},
        // Credentials inside another value: only they are hidden.
        {"connection.url", "jdbc:postgresql://app:urlpw-s32@db.internal:5432/shop", "urlpw-s32"},
        {"mongodb.connection.uri", "mongodb://reader:mongouri-s33@mongo-1:27017/?authSource=admin", "mongouri-s33"},
        {"jdbc.url", "jdbc:postgresql://db/shop?user=app&password=qpw-s34&ssl=true", "qpw-s34"},
        {"sqlserver.url", "jdbc:sqlserver://db:1433;databaseName=shop;user=app;password=sqlpw-s35;", "sqlpw-s35"},
        {"mysql.url", "jdbc:mysql://db/shop?user=app&pwd=mypwd-s36", "mypwd-s36"},
        {"http.headers", "Authorization: Bearer bearer-s37", "bearer-s37"},
        {"headers", "Content-Type: application/json|Authorization: Basic YmFzaWMtczM4", "YmFzaWMtczM4"},
        {"http.request.headers", "X-Api-Key: xapikey-s39", "xapikey-s39"},
        {"elastic.url", "https://elastic:espw-s40@es-1:9200", "espw-s40"},
        {"redis.uri", "redis://:redispw-s41@cache:6379/0", "redispw-s41"},
        {"s3.proxy.url", "http://proxyuser:proxypw-s42@proxy:3128", "proxypw-s42"},
        {"webhook.target", "https://hooks.example/x?token=hooktok-s43&ch=ops", "hooktok-s43"},
        {"events.endpoint", "amqp://guest:amqppw-s44@rabbit:5672/vhost", "amqppw-s44"},
    };
    return shapes;
}

// Config-provider references are not secrets: shown as written everywhere.
inline const std::vector<SecretShape>& provider_references() {
    static const std::vector<SecretShape> shapes = {
        {"connection.password", "${file:/etc/kafka/secrets.properties:db-password}", ""},
        {"database.password", "${env:PG_PASSWORD}", ""},
        {"jdbc.url", "jdbc:postgresql://db/shop?user=app&password=${env:PG_PASSWORD}", ""},
    };
    return shapes;
}

// Every secret of the corpus that `text` shows, by key.
inline std::vector<std::string> leaks(const std::string& text) {
    std::vector<std::string> found;
    for (const SecretShape& shape : secret_corpus()) {
        if (text.find(shape.secret) != std::string::npos) found.push_back(shape.key + " (" + shape.secret + ")");
    }
    return found;
}

}  // namespace connql::testing
