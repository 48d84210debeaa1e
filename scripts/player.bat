@echo off
rem Starts the player; every argument is passed through. See README.md or "player.bat --help".
setlocal
rem Only SHA-1 is compiled by C2, the rest by C1: C2 compiling the player's decisions cost
rem more CPU than the download itself, and -DisplayVMOutput keeps the directives' loading line
rem off the console; the serial collector suits the few MiB the player keeps (see
rem netd_program_options in lib/netd.sh). Options in NETD_JAVA_OPTS come later and win.
set NETD_JAVA_OPTS=-XX:+UseSerialGC -XX:+UnlockDiagnosticVMOptions -XX:-DisplayVMOutput "-XX:CompilerDirectivesFile=%~dp0lib\player-compilers.json" %NETD_JAVA_OPTS%
call "%~dp0lib\netd.bat" player %*
exit /b %ERRORLEVEL%
