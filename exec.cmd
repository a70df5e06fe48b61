@rem npm runs scripts through cmd.exe on Windows, which has no "exec": "exec <command>" (see package.json
@rem "start") then runs this file, which runs the command. On Linux and macOS the shell's own exec replaces
@rem npm's shell by the demo, so a signal sent to npm reaches the demo (sh would swallow SIGINT).
@%*
