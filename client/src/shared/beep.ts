let context: AudioContext | null = null;

/**
 * Browsers start audio only after a user gesture, so the tablet calls this from its sign-in
 * click; later beeps reuse the unlocked context.
 */
export function unlockAudio(): void {
  context ??= new AudioContext();
  void context.resume();
}

/** Two short tones: a new order has arrived. */
export function beep(): void {
  if (!context) return;
  const start = context.currentTime;
  for (const [offset, frequency] of [[0, 880], [0.18, 1320]] as const) {
    const oscillator = context.createOscillator();
    const gain = context.createGain();
    oscillator.frequency.value = frequency;
    gain.gain.setValueAtTime(0.2, start + offset);
    gain.gain.exponentialRampToValueAtTime(0.001, start + offset + 0.15);
    oscillator.connect(gain).connect(context.destination);
    oscillator.start(start + offset);
    oscillator.stop(start + offset + 0.16);
  }
}
