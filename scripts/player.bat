@echo off
rem Starts the player; every argument is passed through. See README.md or "player.bat --help".
rem Its JVM options are in conf\jvm.options.
call "%~dp0lib\netd.bat" player %*
exit /b %ERRORLEVEL%
