// Package exp stands in for github.com/doug-martin/goqu/v9/exp in the analyzer's tests.
package exp

type Expression interface{ Expression() Expression }

type IdentifierExpression interface{ Expression }

type JoinCondition interface{}

type Ex map[string]interface{}

func (e Ex) Expression() Expression { return e }

type Record map[string]interface{}
