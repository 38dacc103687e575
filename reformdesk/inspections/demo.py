def seed() -> list[str]:
    return []
