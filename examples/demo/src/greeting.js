// S-A writes the greeting here.
export {};
