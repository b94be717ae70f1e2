// T31Tests: placeholder until the Class 1 driver lands.
