// The benchmark's input: a migration of N connectors, each a CREATE with two
// transforms, as a platform team would keep in git.
#pragma once

#include <string>

namespace connql::bench {

inline std::string generated_script(int statements) {
    std::string script;
    script.reserve(static_cast<size_t>(statements) * 420);
    for (int i = 0; i < statements; ++i) {
        std::string n = std::to_string(i);
        script += "CREATE SOURCE CONNECTOR orders-" + n + " USING 'FileStreamSource'\n"
                  "  WITH ('file' = '/var/data/orders-" + n + ".txt', 'topic' = 'orders-" + n + "', 'tasks.max' = 1)\n"
                  "  FORMAT KEY STRING VALUE JSON\n"
                  "  TRANSFORM castId USING 'Cast$Value' WITH ('spec' = 'id:int32')\n"
                  "  TRANSFORM route USING 'RegexRouter' WITH ('regex' = '(.*)', 'replacement' = '$1-v2')\n"
                  "  ON ERROR SKIP AND LOG;\n";
    }
    return script;
}

}  // namespace connql::bench
