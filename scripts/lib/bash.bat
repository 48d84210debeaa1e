@echo off
rem Runs scripts\%1.sh with bash (Git for Windows or WSL): demo.sh and share.sh start and
rem watch several programs, which a batch file cannot do well. Arguments are passed through.
setlocal
set "SCRIPT=%~dp0..\%~1.sh"
rem A release names the script without .sh (bin\share).
if not exist "%SCRIPT%" set "SCRIPT=%~dp0..\%~1"
shift
set "ARGS="
:collect
if "%~1"=="" goto run
set ARGS=%ARGS% %1
shift
goto collect
:run
where bash >nul 2>nul
if errorlevel 1 (
    echo netd: this script needs bash: install Git for Windows ^(it brings Git Bash^) or WSL, then run it again. 1>&2
    exit /b 1
)
bash "%SCRIPT%" %ARGS%
exit /b %ERRORLEVEL%
