"""outbox: outgoing messages written in the causing transaction and delivered by a worker."""
