package report

import (
	"os"
	"testing"
)

// TestMain lets the test binary serve as the layout worker that Layout starts.
func TestMain(m *testing.M) {
	ServeLayout()
	os.Exit(m.Run())
}
