// Package i18n translates the interface's strings.
package i18n

// I18n holds one language's strings.
type I18n struct{ strings map[string]string }

// New returns the default language.
func New() *I18n { return &I18n{strings: map[string]string{}} }

// T translates a key.
func (i *I18n) T(key string) string {
	if s, ok := i.strings[key]; ok {
		return s
	}
	return key
}
