@echo off
rem Starts the hub; every argument is passed through. See README.md or "hub.bat --help".
rem Its JVM options are in conf\jvm.options.
call "%~dp0lib\netd.bat" hub %*
exit /b %ERRORLEVEL%
