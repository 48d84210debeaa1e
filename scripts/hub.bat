@echo off
rem Starts the hub; every argument is passed through. See README.md or "hub.bat --help".
call "%~dp0lib\netd.bat" hub %*
exit /b %ERRORLEVEL%
