// V250Tests: placeholder.
