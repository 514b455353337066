// The kgq query language: an openCypher-compatible core plus short statements for
// path and neighbourhood questions. Keywords are case-insensitive (spelt with the
// letter fragments at the end); soft keywords may also be used as names.
grammar Kgq;

script : statement? ( ';' statement? )* EOF ;

statement
  : ( EXPLAIN | PROFILE )? query exportClause?
  | question exportClause?
  | schemaCommand
  | exportGraph
  ;

// The whole graph as a neo4j-admin CSV directory, as :save DIR writes it (not the last result).
exportGraph : EXPORT GRAPH TO STRING_LITERAL ;

// ---- indexes and constraints, as Neo4j 5 spells them ------------------------
schemaCommand
  : CREATE indexType=( RANGE | TEXT )? INDEX schemaName? ifNotExists? FOR schemaNode
    ON '(' propertyRef ( ',' propertyRef )* ')'                                   # createIndex
  | CREATE CONSTRAINT schemaName? ifNotExists? FOR schemaNode REQUIRE constraintBody # createConstraint
  | DROP ( INDEX | CONSTRAINT ) schemaName ( IF EXISTS )?                         # dropSchema
  | SHOW ( INDEX | INDEXES | CONSTRAINT | CONSTRAINTS )                            # showSchema
  ;
ifNotExists : IF NOT EXISTS ;
schemaNode : '(' variable ':' schemaName ')' ;
propertyRef : variable '.' schemaName ;
constraintBody
  : ( propertyRef | '(' propertyRef ( ',' propertyRef )* ')' )
    IS ( unique=UNIQUE | notNull=NOT NULL_KW | NODE nodeKey=KEY )
  ;

// ---- questions: short statements for path and neighbourhood questions ------
question
  : pathQuestion
  | neighboursQuestion
  | connectQuestion
  ;
pathQuestion : PATH pathMode? FROM from=entity TO to=entity questionOption* asOf? ;
pathMode : ALL SHORTEST | TOP integerLiteral ;
neighboursQuestion : ( NEIGHBOURS | NEIGHBORS ) OF entity questionOption* asOf? ;
connectQuestion : CONNECT entity ( ',' entity )+ questionOption* asOf? ;
questionOption
  : MAX integerLiteral                     # maxOption
  | DEPTH integerLiteral                   # depthOption
  | VIA schemaName ( '|' schemaName )*     # viaOption
  | LABELS schemaName ( '|' schemaName )*  # labelsOption
  | AVOID entity ( ',' entity )*           # avoidOption
  | DIRECTED                               # directedOption
  | OUTGOING                               # outgoingOption
  | INCOMING                               # incomingOption
  | ALL SHORTEST                           # allShortestOption
  | TOP integerLiteral                     # topOption
  | WITH LINKS                             # linksOption
  | WEIGHTED BY schemaName                 # weightedOption
  ;
asOf : AS OF ( asOfDate | functionInvocation ) ;
// 2015, 2015-06 or 2015-06-01, written without spaces (not a subtraction).
asOfDate : integerLiteral ( '-' DECIMAL_INTEGER ( '-' DECIMAL_INTEGER )? )? ;
entity : STRING_LITERAL | symbolicName ;
exportClause : EXPORT exportFormat TO STRING_LITERAL ;
exportFormat : DOT | GRAPHML | CSV | SVG | PNG ;

query : singleQuery unionPart* ;
singleQuery : clause+ ;
unionPart : UNION ALL? singleQuery ;

clause
  : matchClause
  | unwindClause
  | loadCsvClause
  | withClause
  | returnClause
  | createClause
  | callClause
  | mergeClause
  | setClause
  | removeClause
  | deleteClause
  | foreachClause
  | callSubquery
  ;

matchClause  : OPTIONAL? MATCH pattern whereClause? ;
unwindClause : UNWIND expression AS variable ;
// As Neo4j spells it; the terminator is one character, written as a string.
loadCsvClause : LOAD CSV ( WITH HEADERS )? FROM expression AS variable ( FIELDTERMINATOR STRING_LITERAL )? ;
createClause : CREATE pattern ;
mergeClause  : MERGE patternPart mergeAction* ;
mergeAction  : ON ( onMatch=MATCH | onCreate=CREATE ) setClause ;
setClause    : SET setItem ( ',' setItem )* ;
setItem
  : variable '.' schemaName '=' expression   # setProperty
  | variable '=' expression                  # setReplace
  | variable '+=' expression                 # setMerge
  | variable nodeLabels                      # setLabels
  ;
removeClause : REMOVE removeItem ( ',' removeItem )* ;
removeItem
  : variable nodeLabels          # removeLabels
  | variable '.' schemaName      # removeProperty
  ;
deleteClause : DETACH? DELETE expression ( ',' expression )* ;
foreachClause : FOREACH '(' variable IN expression '|' clause+ ')' ;
withClause   : WITH projectionBody whereClause? ;
callClause   : CALL functionName ( '(' ( expression ( ',' expression )* )? ')' )?
               ( YIELD ( star='*' | yieldItem ( ',' yieldItem )* ) whereClause? )? ;
yieldItem    : schemaName ( AS variable )? ;
returnClause : RETURN projectionBody ;
// CALL { ... } runs the query inside once per incoming row. `CALL (a, b) { ... }` (Neo4j 5) names the
// variables it imports; `CALL (*)` imports them all; without the parentheses a leading WITH imports.
callSubquery : OPTIONAL? CALL ( scope='(' ( star='*' | ( variable ( ',' variable )* ) )? ')' )? '{' query '}' ;

projectionBody : DISTINCT? projectionItems orderBy? skipClause? limitClause? ;
projectionItems
  : '*' ( ',' projectionItem )*
  | projectionItem ( ',' projectionItem )*
  ;
projectionItem : expression ( AS variable )? ;
orderBy     : ORDER BY sortItem ( ',' sortItem )* ;
sortItem    : expression ( ASC | ASCENDING | DESC | DESCENDING )? ;
skipClause  : SKIP_KW expression ;
limitClause : LIMIT expression ;
whereClause : WHERE expression ;

// ---- patterns -------------------------------------------------------------
pattern : patternPart ( ',' patternPart )* ;
patternPart : ( variable '=' )? pathSelector? patternElement ;
// GQL path selectors (Neo4j 5), per pair of end nodes; PATH / PATHS are noise words.
pathSelector
  : ANY SHORTEST pathWord?                                   # anyShortestSelector
  | ALL SHORTEST pathWord?                                   # allShortestSelector
  | SHORTEST k=integerLiteral? pathWord? ( GROUP | GROUPS )  # shortestGroupsSelector
  | SHORTEST k=integerLiteral pathWord?                      # shortestKSelector
  | ANY k=integerLiteral? pathWord?                          # anySelector
  ;
pathWord : PATH | PATHS ;
patternElement
  : nodePattern patternChain*
  | shortestPathFunction '(' nodePattern patternChain* ')'
  | '(' patternElement ')'
  ;
shortestPathFunction : SHORTESTPATH | ALLSHORTESTPATHS ;
patternChain : relationshipPattern nodePattern ;
nodePattern : '(' variable? labelExpression? mapLiteral? ( WHERE where=expression )? ')' ;
relationshipPattern : leftArrow='<'? '-' relationshipDetail? '-' rightArrow='>'? ;
relationshipDetail : '[' variable? labelExpression? rangeLiteral? mapLiteral? ( WHERE where=expression )? ']' ;
rangeLiteral : '*' lower=integerLiteral? ( dots='..' upper=integerLiteral? )? ;
nodeLabels : ( ':' schemaName )+ ;
// Label expressions (Neo4j 5 / GQL): `!` binds tighter than `&`, `&` than `|`; `%` is any label.
// `:A:B` (legacy conjunction) may not be mixed with the others in one element: the transformer says so.
// `|:` is the legacy spelling of a relationship type alternative (`[:A|:B]`).
labelExpression : ':' labelOr ( ':' labelOr )* ;
labelOr : labelAnd ( '|' legacyColon=':'? labelAnd )* ;
labelAnd : labelNot ( '&' labelNot )* ;
labelNot : '!' labelNot | labelAtom ;
labelAtom : schemaName | anyLabel='%' | '(' labelOr ')' ;

// ---- expressions (openCypher precedence, loosest first) --------------------
expression : orExpression ;
orExpression  : xorExpression ( OR xorExpression )* ;
xorExpression : andExpression ( XOR andExpression )* ;
andExpression : notExpression ( AND notExpression )* ;
notExpression : NOT* comparisonExpression ;
comparisonExpression : predicateExpression ( comparisonOperator predicateExpression )* ;
comparisonOperator : '=' | '<>' | '!=' | '<' | '>' | '<=' | '>=' ;
predicateExpression : addSubExpression predicateSuffix* ;
predicateSuffix
  : STARTS WITH addSubExpression     # startsWith
  | ENDS WITH addSubExpression       # endsWith
  | CONTAINS addSubExpression        # containsOp
  | '=~' addSubExpression            # regexMatch
  | IN addSubExpression              # inList
  | IS NULL_KW                          # isNull
  | IS NOT NULL_KW                      # isNotNull
  ;
addSubExpression : multDivExpression ( addSubOperator multDivExpression )* ;
addSubOperator : '+' | '-' | '||' ;
multDivExpression : powerExpression ( multDivOperator powerExpression )* ;
multDivOperator : '*' | '/' | '%' ;
powerExpression : unaryExpression ( '^' unaryExpression )* ;
unaryExpression : unaryOperator* postfixExpression ;
unaryOperator : '+' | '-' ;
postfixExpression : atom postfixSuffix* labelExpression? ;
postfixSuffix
  : '.' schemaName                                      # propertyLookup
  | '[' expression ']'                                  # indexLookup
  | '[' from=expression? dots='..' to=expression? ']'   # sliceLookup
  ;

// listComprehension comes before literal: `[x IN list]` is a comprehension, not a
// one-element list holding the predicate `x IN list`.
atom
  : patternComprehension
  | listComprehension
  | literal
  | parameter
  | caseExpression
  | COUNT '(' '*' ')'
  | subqueryExpression
  | reduceExpression
  | quantifierExpression
  | relationshipsPattern
  | '(' expression ')'
  | functionInvocation
  | mapProjection
  | variable
  ;

// EXISTS { ... }, COUNT { ... }, COLLECT { ... }: a pattern with an optional WHERE, or a whole query.
subqueryExpression : ( EXISTS | COUNT | COLLECT ) '{' ( query | pattern whereClause? ) '}' ;
reduceExpression : REDUCE '(' acc=variable '=' init=expression ',' variable IN list=expression '|' body=expression ')' ;
patternComprehension : '[' ( variable '=' )? relationshipsPattern ( WHERE filter=expression )? '|' projection=expression ']' ;
mapProjection : variable '{' ( mapProjectionItem ( ',' mapProjectionItem )* )? '}' ;
mapProjectionItem
  : schemaName ':' expression   # mapLiteralItem
  | '.' schemaName              # mapPropertyItem
  | '.' '*'                     # mapAllItem
  | variable                    # mapVariableItem
  ;

caseExpression : CASE subject=expression? caseAlternative+ ( ELSE elseExpr=expression )? END ;
caseAlternative : WHEN when=expression THEN then=expression ;
listComprehension : '[' variable IN expression ( WHERE filter=expression )? ( '|' projection=expression )? ']' ;
quantifierExpression : quantifier '(' variable IN expression WHERE expression ')' ;
quantifier : ALL | ANY | NONE | SINGLE ;
relationshipsPattern : nodePattern patternChain+ ;
functionInvocation : functionName '(' DISTINCT? ( expression ( ',' expression )* )? ')' ;
functionName : symbolicName ( '.' symbolicName )* ;
parameter : '$' ( symbolicName | DECIMAL_INTEGER ) ;

literal
  : numberLiteral
  | STRING_LITERAL
  | TRUE
  | FALSE
  | NULL_KW
  | listLiteral
  | mapLiteral
  ;
numberLiteral : integerLiteral | FLOAT_LITERAL ;
integerLiteral : DECIMAL_INTEGER | HEX_INTEGER | OCTAL_INTEGER ;
listLiteral : '[' ( expression ( ',' expression )* )? ']' ;
mapLiteral : '{' ( mapEntry ( ',' mapEntry )* )? '}' ;
mapEntry : schemaName ':' expression ;

variable : symbolicName ;
// Names of labels, types and property keys may be any word, keywords included.
schemaName : symbolicName | reservedWord ;
symbolicName
  : IDENTIFIER | ESCAPED_IDENTIFIER
  | COUNT | EXISTS | COLLECT | REDUCE | ANY | ALL | NONE | SINGLE | SHORTESTPATH | ALLSHORTESTPATHS | EXPLAIN | PROFILE
  | ASCENDING | DESCENDING
  | PATH | SHORTEST | TOP | FROM | TO | NEIGHBOURS | NEIGHBORS | OF | CONNECT | MAX | DEPTH | VIA | LABELS
  | AVOID | DIRECTED | OUTGOING | INCOMING | EXPORT | DOT | GRAPHML | CSV | SVG | PNG | LINKS | WEIGHTED
  | INDEX | INDEXES | CONSTRAINT | CONSTRAINTS | DROP | SHOW | RANGE | TEXT | IF | FOR | REQUIRE
  | UNIQUE | NODE | KEY | PATHS | GROUP | GROUPS
  | LOAD | HEADERS | FIELDTERMINATOR | GRAPH
  ;
reservedWord
  : MATCH | OPTIONAL | WHERE | RETURN | WITH | UNWIND | CREATE | AS | DISTINCT | ORDER | BY | SKIP_KW | LIMIT
  | UNION | CALL | YIELD | ASC | DESC | OR | XOR | AND | NOT | IN | IS | NULL_KW | TRUE | FALSE | STARTS | ENDS | CONTAINS
  | CASE | WHEN | THEN | ELSE | END
  | MERGE | SET | REMOVE | DELETE | DETACH | ON | FOREACH
  ;

// ---- lexer -----------------------------------------------------------------
MATCH : M A T C H ;
OPTIONAL : O P T I O N A L ;
WHERE : W H E R E ;
RETURN : R E T U R N ;
WITH : W I T H ;
UNWIND : U N W I N D ;
UNION : U N I O N ;
CALL : C A L L ;
YIELD : Y I E L D ;
CREATE : C R E A T E ;
MERGE : M E R G E ;
SET : S E T ;
REMOVE : R E M O V E ;
DELETE : D E L E T E ;
DETACH : D E T A C H ;
ON : O N ;
FOREACH : F O R E A C H ;
AS : A S ;
DISTINCT : D I S T I N C T ;
ORDER : O R D E R ;
BY : B Y ;
SKIP_KW : S K I P ;
LIMIT : L I M I T ;
ASCENDING : A S C E N D I N G ;
ASC : A S C ;
DESCENDING : D E S C E N D I N G ;
DESC : D E S C ;
OR : O R ;
XOR : X O R ;
AND : A N D ;
NOT : N O T ;
IN : I N ;
IS : I S ;
NULL_KW : N U L L ;
TRUE : T R U E ;
FALSE : F A L S E ;
STARTS : S T A R T S ;
ENDS : E N D S ;
CONTAINS : C O N T A I N S ;
CASE : C A S E ;
WHEN : W H E N ;
THEN : T H E N ;
ELSE : E L S E ;
END : E N D ;
COUNT : C O U N T ;
EXISTS : E X I S T S ;
COLLECT : C O L L E C T ;
REDUCE : R E D U C E ;
ANY : A N Y ;
ALL : A L L ;
NONE : N O N E ;
SINGLE : S I N G L E ;
SHORTESTPATH : S H O R T E S T P A T H ;
ALLSHORTESTPATHS : A L L S H O R T E S T P A T H S ;
EXPLAIN : E X P L A I N ;
PROFILE : P R O F I L E ;
PATH : P A T H ;
SHORTEST : S H O R T E S T ;
PATHS : P A T H S ;
GROUP : G R O U P ;
GROUPS : G R O U P S ;
TOP : T O P ;
FROM : F R O M ;
TO : T O ;
NEIGHBOURS : N E I G H B O U R S ;
NEIGHBORS : N E I G H B O R S ;
OF : O F ;
CONNECT : C O N N E C T ;
MAX : M A X ;
DEPTH : D E P T H ;
VIA : V I A ;
LABELS : L A B E L S ;
AVOID : A V O I D ;
LINKS : L I N K S ;
WEIGHTED : W E I G H T E D ;
DIRECTED : D I R E C T E D ;
OUTGOING : O U T G O I N G ;
INCOMING : I N C O M I N G ;
EXPORT : E X P O R T ;
DOT : D O T ;
GRAPHML : G R A P H M L ;
CSV : C S V ;
SVG : S V G ;
PNG : P N G ;
INDEX : I N D E X ;
INDEXES : I N D E X E S ;
CONSTRAINT : C O N S T R A I N T ;
CONSTRAINTS : C O N S T R A I N T S ;
DROP : D R O P ;
SHOW : S H O W ;
RANGE : R A N G E ;
TEXT : T E X T ;
IF : I F ;
FOR : F O R ;
REQUIRE : R E Q U I R E ;
UNIQUE : U N I Q U E ;
NODE : N O D E ;
KEY : K E Y ;
LOAD : L O A D ;
HEADERS : H E A D E R S ;
FIELDTERMINATOR : F I E L D T E R M I N A T O R ;
GRAPH : G R A P H ;

HEX_INTEGER : '0' [xX] [0-9a-fA-F]+ ;
OCTAL_INTEGER : '0' [oO] [0-7]+ ;
FLOAT_LITERAL
  : DIGIT+ '.' DIGIT+ EXPONENT?
  | '.' DIGIT+ EXPONENT?
  | DIGIT+ EXPONENT
  ;
DECIMAL_INTEGER : DIGIT+ ;
STRING_LITERAL
  : '"' ( ~["\\] | ESCAPE )* '"'
  | '\'' ( ~['\\] | ESCAPE )* '\''
  ;
IDENTIFIER : [\p{L}_] [\p{L}\p{N}_]* ;
ESCAPED_IDENTIFIER : '`' ( ~'`' | '``' )* '`' ;

LINE_COMMENT : '//' ~[\r\n]* -> skip ;
BLOCK_COMMENT : '/*' .*? '*/' -> skip ;
WS : [ \t\r\n\u000B\u000C\u00A0\uFEFF]+ -> skip ;

// Any other character is a token of its own so that the parser, not the lexer,
// reports it with a position.
UNKNOWN_CHAR : . ;

fragment DIGIT : [0-9] ;
fragment EXPONENT : [eE] [+-]? DIGIT+ ;
fragment ESCAPE : '\\' . ;
fragment A : [aA] ; fragment B : [bB] ; fragment C : [cC] ; fragment D : [dD] ;
fragment E : [eE] ; fragment F : [fF] ; fragment G : [gG] ; fragment H : [hH] ;
fragment I : [iI] ; fragment J : [jJ] ; fragment K : [kK] ; fragment L : [lL] ;
fragment M : [mM] ; fragment N : [nN] ; fragment O : [oO] ; fragment P : [pP] ;
fragment Q : [qQ] ; fragment R : [rR] ; fragment S : [sS] ; fragment T : [tT] ;
fragment U : [uU] ; fragment V : [vV] ; fragment W : [wW] ; fragment X : [xX] ;
fragment Y : [yY] ; fragment Z : [zZ] ;
