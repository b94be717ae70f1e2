// SerialPortTests: placeholder.
