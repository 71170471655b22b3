#include "cli/main.hpp"

int main(int argc, char** argv) { return pagewise::cli_main(argc, argv); }
