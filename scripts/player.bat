@echo off
rem Starts the player; every argument is passed through. See README.md or "player.bat --help".
setlocal
rem Inline only small methods, and not deep: compiling the player's decisions with every
rem handler inlined cost more CPU than the download itself (see netd_program_options in
rem lib/netd.sh). Options in NETD_JAVA_OPTS come later and win.
set "NETD_JAVA_OPTS=-XX:FreqInlineSize=60 -XX:MaxInlineLevel=4 %NETD_JAVA_OPTS%"
call "%~dp0lib\netd.bat" player %*
exit /b %ERRORLEVEL%
