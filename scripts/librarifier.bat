@echo off
rem Starts the librarifier; every argument is passed through. See README.md or "librarifier.bat --help".
call "%~dp0lib\netd.bat" librarifier %*
exit /b %ERRORLEVEL%
