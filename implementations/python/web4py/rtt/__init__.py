"""RTT transport (spec/rtt.md): Noise XX, frames, channels, credit, heartbeat."""
