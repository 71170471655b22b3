// Placeholder replaced by the benchmark work.
int main() { return 0; }
