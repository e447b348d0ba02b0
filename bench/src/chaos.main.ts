console.log('chaos: not yet');
