console.log('repo-backlog: not yet');
