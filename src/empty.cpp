// Keeps every module library non-empty while a module has no sources yet.
