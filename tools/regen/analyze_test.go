package main

import "testing"

func TestDocSentence(t *testing.T) {
	for _, tc := range []struct{ name, text, want string }{
		{"GaussianFilter", "GaussianFilter smooths an image. More.", "Smooths an image."},
		{"Sobel", "Sobel is the gradient magnitude. More.", "Sobel is the gradient magnitude."},
		{"Label", "Numbers components. More.", "Numbers components."},
		{"Label", "Label", "Label"},
	} {
		if got := docSentence(tc.name, tc.text); got != tc.want {
			t.Errorf("docSentence(%q, %q) = %q, want %q", tc.name, tc.text, got, tc.want)
		}
	}
}
