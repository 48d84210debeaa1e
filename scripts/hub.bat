@echo off
rem Starts the hub; every argument is passed through. See README.md or "hub.bat --help".
rem A small bounded heap and the serial collector, as in hub.sh (why: there);
rem set NETD_JAVA_OPTS to choose other options.
setlocal
if not defined NETD_JAVA_OPTS set "NETD_JAVA_OPTS=-XX:+UseSerialGC -Xmx128m"
call "%~dp0lib\netd.bat" hub %*
exit /b %ERRORLEVEL%
