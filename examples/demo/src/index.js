// Wired up by session S-D once the greeting and farewell modules exist.
export {};
