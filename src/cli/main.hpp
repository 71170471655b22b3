#pragma once
namespace pagewise {
int cli_main(int argc, char** argv);
}
