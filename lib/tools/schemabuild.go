package tools

// Small constructors for parameter schemas, so that the built-in tool table reads like the
// contract it implements. Each returns a fresh value: schemas are never shared between tools.

func stringParam(desc string) *Schema { return &Schema{Type: TypeString, Description: desc} }

func formatParam(format, desc string) *Schema {
	return &Schema{Type: TypeString, Format: format, Description: desc}
}

func enumParam(desc string, values []string) *Schema {
	enum := make([]any, len(values))
	for i, v := range values {
		enum[i] = v
	}
	return &Schema{Type: TypeString, Enum: enum, Description: desc}
}

func intParam(desc string, lo, hi float64) *Schema {
	return &Schema{Type: TypeInteger, Description: desc, Minimum: &lo, Maximum: &hi}
}

func numberParam(desc string) *Schema { return &Schema{Type: TypeNumber, Description: desc} }

func boundedNumberParam(desc string, lo, hi float64) *Schema {
	return &Schema{Type: TypeNumber, Description: desc, Minimum: &lo, Maximum: &hi}
}

func boolParam(desc string) *Schema { return &Schema{Type: TypeBoolean, Description: desc} }

func arrayParam(desc string, items *Schema) *Schema {
	return &Schema{Type: TypeArray, Description: desc, Items: items}
}

func objectParam(desc string, props Properties, required ...string) *Schema {
	return &Schema{Type: TypeObject, Description: desc, Properties: props, Required: required}
}

// params builds a tool's top-level parameter schema.
func params(props Properties, required ...string) Schema {
	return *objectParam("", props, required...)
}

func prop(name string, s *Schema) Property { return Property{Name: name, Schema: s} }
