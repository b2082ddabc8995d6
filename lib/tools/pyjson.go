package tools

// PythonSpacing lays compact JSON out as Python's json.dumps does by default: a space after
// every ',' and ':' outside strings. Tool-use datasets and chat templates made in Python look
// like that, and a model trained on one spacing should see the same spacing everywhere.
func PythonSpacing(compact []byte) string {
	out := make([]byte, 0, len(compact)+len(compact)/8)
	inString, escaped := false, false
	for _, c := range compact {
		out = append(out, c)
		switch {
		case escaped:
			escaped = false
		case inString && c == '\\':
			escaped = true
		case c == '"':
			inString = !inString
		case !inString && (c == ',' || c == ':'):
			out = append(out, ' ')
		}
	}
	return string(out)
}
