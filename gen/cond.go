// SPDX-License-Identifier: Apache-2.0

package gen

import (
	"strings"

	"github.com/qapi-gen/qapi-gen/model"
)

// condText renders a condition for a doc note: "CONFIG_A && !CONFIG_B".
func condText(c *model.Cond) string {
	switch c.Kind {
	case model.CondName, model.CondLegacy:
		return c.Name
	case model.CondNot:
		if len(c.Args) == 1 {
			return "!" + condOperand(c.Args[0])
		}
	case model.CondAll, model.CondAny:
		op := " && "
		if c.Kind == model.CondAny {
			op = " || "
		}
		parts := make([]string, len(c.Args))
		for i, a := range c.Args {
			parts[i] = condOperand(a)
		}
		return strings.Join(parts, op)
	}
	return "?"
}

func condOperand(c *model.Cond) string {
	s := condText(c)
	if (c.Kind == model.CondAll || c.Kind == model.CondAny) && len(c.Args) > 1 {
		return "(" + s + ")"
	}
	return s
}
