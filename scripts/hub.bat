@echo off
rem Starts the hub; every argument is passed through. See README.md or "hub.bat --help".
rem A bounded heap keeps ten thousand connections under 512 MiB resident, as in hub.sh;
rem set NETD_JAVA_OPTS to choose other options.
setlocal
if not defined NETD_JAVA_OPTS set "NETD_JAVA_OPTS=-Xmx384m"
call "%~dp0lib\netd.bat" hub %*
exit /b %ERRORLEVEL%
