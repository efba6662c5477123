// S-D writes the command line here.
