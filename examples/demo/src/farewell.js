// S-B writes the farewell here.
export {};
