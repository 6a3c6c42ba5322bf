package repository

import "testing"

func TestCount(t *testing.T) {
	if Default.Count() != 0 {
		t.Fail()
	}
}
