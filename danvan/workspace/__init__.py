"""The officer's home: what is on my desk across every app, for my units and roles. Interface only."""
