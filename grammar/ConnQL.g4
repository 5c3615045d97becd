// ConnQL: the statement language of connql (see docs/language.md).
//
// One grammar serves both dialects: the dialect only changes how the transformer
// (parser/ast_builder.cpp) normalises unquoted identifiers, never what parses.
// Every keyword is non-reserved (see `nonReserved`), so Connect-style names such
// as `source`, `key` or `topics` work unquoted as connector names and property keys.
// Keywords are case-insensitive through per-letter fragments: the generator we pin
// (ANTLR 4.7.2) predates the `caseInsensitive` option.
grammar ConnQL;

script
    : (statement? SEMI)* statement? EOF
    ;

// Parses one statement at a time; the driver calls it in a loop so that a large
// script's parse trees can be released as it goes.
statementOrEnd
    : SEMI                  #emptyStatement
    | statement (SEMI | EOF) #oneStatement
    | EOF                   #endOfInput
    ;

statement
    : createConnector                                               #createStatement
    | alterConnector                                                #alterStatement
    | DROP CONNECTOR (IF EXISTS)? name (COMMA name)*                #dropConnector
    | action=(PAUSE | RESUME | STOP) CONNECTOR name                 #lifecycleConnector
    | RESTART CONNECTOR name TASK INTEGER_VALUE                     #restartTask
    | RESTART CONNECTOR name (WITH TASKS)? (ONLY FAILED)?           #restartConnector
    | (SHOW | LIST) kind=(SOURCE | SINK)? CONNECTORS likeClause?    #showConnectors
    | DESCRIBE CONNECTOR name EXTENDED?                             #describeConnector
    | SHOW CREATE CONNECTOR name                                    #showCreateConnector
    | (SHOW | LIST) scope=(CONNECTOR | ALL) PLUGINS likeClause?     #showPlugins
    | DESCRIBE PLUGIN (STRING | name)                               #describePlugin
    | SHOW CONNECTOR OFFSETS name                                   #showConnectorOffsets
    | SHOW CONNECTOR TOPICS name                                    #showConnectorTopics
    // LIMIT and FROM BEGINNING in either order (PRINT writes FROM BEGINNING first).
    | SHOW ERRORS FOR CONNECTOR name
      ((LIMIT INTEGER_VALUE)? (FROM BEGINNING)? | FROM BEGINNING LIMIT INTEGER_VALUE) #showConnectorErrors
    | (SHOW | LIST) TOPICS EXTENDED?                                #showTopics
    | PRINT (STRING | name) (FROM BEGINNING)? (LIMIT INTEGER_VALUE)? #printTopic
    | EXPLAIN (createConnector | alterConnector)                    #explainStatement
    | VALIDATE createConnector                                      #validateStatement
    | DEFINE variableName EQ STRING                                 #defineVariable
    | UNDEFINE variableName                                         #undefineVariable
    | (SHOW | LIST) VARIABLES                                       #showVariables
    | (SHOW | LIST) PROPERTIES                                      #showProperties
    | (SHOW | LIST) (STREAMS | TABLES | QUERIES) EXTENDED?          #showKsqlEntities
    | SET STRING EQ STRING                                          #setProperty
    | UNSET STRING                                                  #unsetProperty
    | USE CLUSTER name                                              #useCluster
    | (SHOW | LIST) CLUSTERS                                        #showClusters
    | RUN SCRIPT STRING                                             #runScript
    ;

createConnector
    : CREATE (OR REPLACE)? kind=(SOURCE | SINK) CONNECTOR (IF NOT EXISTS)? name createClause*
    ;

// Clauses may come in any order; the transformer rejects a repeated clause,
// naming both positions.
createClause
    : USING STRING                                      #usingClause
    | WITH properties                                   #withClause
    | FORMAT formatSpec+                                #formatClause
    | transformClause                                   #transformClauseAlt
    | PREDICATE name USING STRING (WITH properties)?    #predicateClause
    | ON ERROR errorAction                              #onErrorClause
    | RETRY ERRORS retryLimit (MAX DELAY literal)?      #retryClause
    ;

formatSpec
    : target=(KEY | VALUE | HEADER) formatName=IDENTIFIER (WITH SCHEMAS)?
    ;

transformClause
    : TRANSFORM name USING STRING (WITH properties)? whenClause?
    ;

whenClause
    : WHEN NOT? predicateRef
    ;

predicateRef
    : TOMBSTONE                 #whenTombstone
    | TOPIC MATCHES STRING      #whenTopicMatches
    | HEADER STRING EXISTS      #whenHeaderExists
    | name                      #whenNamed
    ;

errorAction
    : FAIL                                                          #errorFail
    | SKIP_ logClause?                                              #errorSkip
    | SEND TO DEAD LETTER TOPIC STRING dlqOption* logClause?        #errorDeadLetter
    ;

dlqOption
    : WITH CONTEXT HEADERS                  #dlqContextHeaders
    | REPLICATION FACTOR INTEGER_VALUE      #dlqReplicationFactor
    ;

logClause
    : AND LOG MESSAGES?
    ;

retryLimit
    : FOR literal
    | FOREVER
    ;

alterConnector
    : ALTER CONNECTOR name alterAction
    ;

alterAction
    : SET properties                                                #alterSet
    | UNSET LPAREN propertyKey (COMMA propertyKey)* RPAREN          #alterUnset
    | ADD transformClause transformPosition?                        #alterAddTransform
    | DROP TRANSFORM name                                           #alterDropTransform
    | RESET OFFSETS                                                 #alterResetOffsets
    | SET OFFSETS STRING                                            #alterSetOffsets
    | RESET TOPICS                                                  #alterResetTopics
    ;

transformPosition
    : FIRST
    | BEFORE name
    | AFTER name
    ;

likeClause
    : LIKE STRING
    ;

properties
    : LPAREN (property (COMMA property)*)? RPAREN
    ;

property
    : propertyKey EQ literal
    ;

propertyKey
    : STRING
    | name
    ;

literal
    : STRING                                        #stringLiteral
    | MINUS? (INTEGER_VALUE | DECIMAL_VALUE | FLOATING_POINT_VALUE) #numberLiteral
    | (TRUE | FALSE)                                #booleanLiteral
    | NULL_                                         #nullLiteral
    | VARIABLE                                      #variableLiteral
    ;

variableName
    : IDENTIFIER
    | nonReserved
    ;

name
    : IDENTIFIER
    | DOTTED_NAME
    | QUOTED_IDENTIFIER
    | BACKQUOTED_IDENTIFIER
    | DIGIT_IDENTIFIER
    | VARIABLE
    | TEMPLATE_NAME
    | nonReserved
    ;

nonReserved
    : ADD | AFTER | ALL | ALTER | AND | BEFORE | BEGINNING | CLUSTER | CLUSTERS | CONNECTOR
    | CONNECTORS | CONTEXT | CREATE | DEAD | DEFINE | DELAY | DESCRIBE | DROP | ERROR | ERRORS
    | EXISTS | EXPLAIN | EXTENDED | FACTOR | FAIL | FAILED | FIRST | FOR | FOREVER | FORMAT
    | FROM | HEADER | HEADERS | IF | KEY | LETTER | LIKE | LIMIT | LIST | LOG | MATCHES | MAX
    | MESSAGES | NOT | OFFSETS | ON | ONLY | OR | PAUSE | PLUGIN | PLUGINS | PREDICATE | PRINT
    | PROPERTIES | QUERIES | REPLACE | REPLICATION | RESET | RESTART | RESUME | RETRY | RUN | SCHEMAS | SCRIPT | SEND
    | SET | SHOW | SINK | SKIP_ | SOURCE | STOP | STREAMS | TABLES | TASK | TASKS | TO | TOMBSTONE | TOPIC | TOPICS
    | TRANSFORM | UNDEFINE | UNSET | USE | USING | VALIDATE | VALUE | VARIABLES | WHEN | WITH
    ;

// ---------------------------------------------------------------- lexer

ADD: A D D;
AFTER: A F T E R;
ALL: A L L;
ALTER: A L T E R;
AND: A N D;
BEFORE: B E F O R E;
BEGINNING: B E G I N N I N G;
CLUSTER: C L U S T E R;
CLUSTERS: C L U S T E R S;
CONNECTOR: C O N N E C T O R;
CONNECTORS: C O N N E C T O R S;
CONTEXT: C O N T E X T;
CREATE: C R E A T E;
DEAD: D E A D;
DEFINE: D E F I N E;
DELAY: D E L A Y;
DESCRIBE: D E S C R I B E;
DROP: D R O P;
ERROR: E R R O R;
ERRORS: E R R O R S;
EXISTS: E X I S T S;
EXPLAIN: E X P L A I N;
EXTENDED: E X T E N D E D;
FACTOR: F A C T O R;
FAIL: F A I L;
FAILED: F A I L E D;
FALSE: F A L S E;
FIRST: F I R S T;
FOR: F O R;
FOREVER: F O R E V E R;
FORMAT: F O R M A T;
FROM: F R O M;
HEADER: H E A D E R;
HEADERS: H E A D E R S;
IF: I F;
KEY: K E Y;
LETTER: L E T T E R;
LIKE: L I K E;
LIMIT: L I M I T;
LIST: L I S T;
LOG: L O G;
MATCHES: M A T C H E S;
MAX: M A X;
MESSAGES: M E S S A G E S;
NOT: N O T;
NULL_: N U L L;
OFFSETS: O F F S E T S;
ON: O N;
ONLY: O N L Y;
OR: O R;
PAUSE: P A U S E;
PLUGIN: P L U G I N;
PLUGINS: P L U G I N S;
PREDICATE: P R E D I C A T E;
PRINT: P R I N T;
PROPERTIES: P R O P E R T I E S;
QUERIES: Q U E R I E S;
REPLACE: R E P L A C E;
REPLICATION: R E P L I C A T I O N;
RESET: R E S E T;
RESTART: R E S T A R T;
RESUME: R E S U M E;
RETRY: R E T R Y;
RUN: R U N;
SCHEMAS: S C H E M A S;
SCRIPT: S C R I P T;
SEND: S E N D;
SET: S E T;
SHOW: S H O W;
SINK: S I N K;
SKIP_: S K I P;
SOURCE: S O U R C E;
STOP: S T O P;
STREAMS: S T R E A M S;
TABLES: T A B L E S;
TASK: T A S K;
TASKS: T A S K S;
TO: T O;
TOMBSTONE: T O M B S T O N E;
TOPIC: T O P I C;
TOPICS: T O P I C S;
TRANSFORM: T R A N S F O R M;
TRUE: T R U E;
UNDEFINE: U N D E F I N E;
UNSET: U N S E T;
USE: U S E;
USING: U S I N G;
VALIDATE: V A L I D A T E;
VALUE: V A L U E;
VARIABLES: V A R I A B L E S;
WHEN: W H E N;
WITH: W I T H;

SEMI: ';';
COMMA: ',';
LPAREN: '(';
RPAREN: ')';
EQ: '=';
MINUS: '-';

STRING: '\'' ( ~'\'' | '\'\'' )* '\'';

// Listed before DIGIT_IDENTIFIER so that a bare number stays a number.
INTEGER_VALUE: DIGIT+;
DECIMAL_VALUE: DIGIT+ '.' DIGIT* | '.' DIGIT+;
FLOATING_POINT_VALUE: DIGIT+ ('.' DIGIT*)? EXPONENT | '.' DIGIT+ EXPONENT;

IDENTIFIER: (LETTER_ | '_') (LETTER_ | DIGIT | '_' | '@')*;
// A connql extension: names and property keys with '.' or '-' inside, unquoted
// (source-debezium-orders-01, connector.class). The language has no arithmetic,
// so nothing else could mean.
DOTTED_NAME: (LETTER_ | '_') (LETTER_ | DIGIT | '_' | '@')* ([.\-] (LETTER_ | DIGIT | '_' | '@')+)+;
DIGIT_IDENTIFIER: DIGIT (LETTER_ | DIGIT | '_' | '@')+;
QUOTED_IDENTIFIER: '"' ( ~'"' | '""' )* '"';
BACKQUOTED_IDENTIFIER: '`' ( ~'`' | '``' )* '`';
VARIABLE: VARIABLE_REF;
// A name built around variables: pg-${env}, ${env}_orders, a.${x}.b (parser/ast_builder.cpp
// substitutes them). Name characters and '.'/'-' separators, at least one ${name}; listed
// after VARIABLE so that a lone ${name} stays a VARIABLE.
TEMPLATE_NAME
    : ((LETTER_ | DIGIT | '_') NAME_CHAR_* ([.\-] NAME_CHAR_+)* [.\-]?)?
      VARIABLE_REF (NAME_CHAR_ | VARIABLE_REF | [.\-] (NAME_CHAR_ | VARIABLE_REF))*
    ;

SIMPLE_COMMENT: '--' ~[\r\n]* -> channel(HIDDEN);
BRACKETED_COMMENT: '/*' .*? '*/' -> channel(HIDDEN);
WS: [ \r\n\t\f]+ -> channel(HIDDEN);

// Anything else becomes one token the parser reports as unexpected, so that the
// error names the character instead of a lexer-level failure.
UNRECOGNIZED: .;

fragment EXPONENT: [eE] [+-]? DIGIT+;
fragment VARIABLE_REF: '${' (LETTER_ | '_') NAME_CHAR_* '}';
fragment NAME_CHAR_: LETTER_ | DIGIT | '_' | '@';
fragment DIGIT: [0-9];
fragment LETTER_: [a-zA-Z];
fragment A: [aA]; fragment B: [bB]; fragment C: [cC]; fragment D: [dD]; fragment E: [eE];
fragment F: [fF]; fragment G: [gG]; fragment H: [hH]; fragment I: [iI]; fragment J: [jJ];
fragment K: [kK]; fragment L: [lL]; fragment M: [mM]; fragment N: [nN]; fragment O: [oO];
fragment P: [pP]; fragment Q: [qQ]; fragment R: [rR]; fragment S: [sS]; fragment T: [tT];
fragment U: [uU]; fragment V: [vV]; fragment W: [wW]; fragment X: [xX]; fragment Y: [yY];
fragment Z: [zZ];
