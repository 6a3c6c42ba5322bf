package guard_test

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/faultline/faultline/guard"
)

// FuzzReadObservations feeds the recording reader arbitrary bytes: it must
// never panic, and what it accepts must write back to lines it reads the same.
func FuzzReadObservations(f *testing.F) {
	f.Add([]byte(`{"context":"orders","package":"example.com/shop/orders","function":"example.com/shop/orders.Save","file":"orders/save.go","line":12,"statement":"SELECT 1","calls":3}` + "\n"))
	f.Add([]byte(`{"statement":"SELECT 1","calls":1}` + "\n\n" + `{"statement":"SELECT 1","calls":2}`))
	f.Add([]byte(`{"statement":"","calls":1}`))
	f.Add([]byte("{\"statement\":\"SELECT '\\u00e9'\",\"calls\":9223372036854775807}\n[]"))
	f.Fuzz(func(t *testing.T, data []byte) {
		obs, err := guard.ReadObservations("fuzz", bytes.NewReader(data))
		if err != nil {
			return
		}
		var buf bytes.Buffer
		for _, o := range obs {
			line, err := json.Marshal(o)
			if err != nil {
				t.Fatal(err)
			}
			buf.Write(line)
			buf.WriteByte('\n')
		}
		again, err := guard.ReadObservations("again", &buf)
		if err != nil {
			t.Fatalf("reading back what was accepted: %v", err)
		}
		if len(again) != len(obs) {
			t.Fatalf("%d observations read back as %d", len(obs), len(again))
		}
	})
}
