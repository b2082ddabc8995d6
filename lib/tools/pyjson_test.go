package tools

import "testing"

func TestPythonSpacing(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{`{}`, `{}`},
		{`{"a":1,"b":[1,2]}`, `{"a": 1, "b": [1, 2]}`},
		{`{"a:b":"c,d"}`, `{"a:b": "c,d"}`},
		{`["x\",y",1]`, `["x\",y", 1]`},
		{`{"k":"\\","l":2}`, `{"k": "\\", "l": 2}`},
	} {
		if got := PythonSpacing([]byte(tt.in)); got != tt.want {
			t.Errorf("PythonSpacing(%s) = %s, want %s", tt.in, got, tt.want)
		}
	}
}
